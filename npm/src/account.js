// Account calls made before there is an API key (wire.md §2.11), as the Python SDK's
// module-level `get_token`: no Authorization header, no retries (a POST without an
// idempotency key, D5).

import { Core } from "../wasm/m8tes.js";

/** One call of the anonymous core, freed after. */
async function anonymousCall(op, params, options) {
  const core = Core.anonymous(options);
  try {
    const reply = await core.call(op, [], JSON.stringify(params ?? {}), options);
    return JSON.parse(await reply.read());
  } finally {
    core.free();
  }
}

/** `POST /signup`: a new account and its first API key. A taken email is a ConflictError. */
export const signup = (params, options = {}) => anonymousCall("auth.signup", params, options);

/** `POST /token`: a new API key for the account; the account's earlier keys stop working. */
export const getToken = (params, options = {}) => anonymousCall("auth.getToken", params, options);
