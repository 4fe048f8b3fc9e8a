// Account calls made before there is an API key (wire.md §2.11), as the Python SDK's
// module-level `get_token`: no Authorization header, no retries (a POST without an
// idempotency key, D5).

import { prepareCall } from "../wasm/m8tes.js";
import { Transport } from "./transport.js";
import { needClient } from "./wasm.js";

/** One call without a key; `options` are the client's and the request's at once. */
async function anonymousCall(op, params, options) {
  needClient();
  const transport = new Transport(options, { anonymous: true });
  const exchange = await transport.send(prepareCall(op, [], JSON.stringify(params ?? {})), options);
  return JSON.parse(await exchange.text());
}

/** `POST /signup`: a new account and its first API key. A taken email is a ConflictError. */
export const signup = (params, options = {}) => anonymousCall("auth.signup", params, options);

/** `POST /token`: a new API key for the account; the account's earlier keys stop working. */
export const getToken = (params, options = {}) => anonymousCall("auth.getToken", params, options);
