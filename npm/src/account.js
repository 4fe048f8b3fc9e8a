// Account calls made before there is an API key (wire.md §2.11), as the Python SDK's
// module-level `get_token`: no Authorization header, no retries (a POST without an
// idempotency key, D5).

import { Core } from "../wasm/m8tes.js";

/** `POST /token`: a new API key for the account; the account's earlier keys stop working. */
export async function getToken(params, options = {}) {
  const core = Core.anonymous(options);
  try {
    const reply = await core.call("auth.getToken", [], JSON.stringify(params ?? {}), options);
    return JSON.parse(await reply.read());
  } finally {
    core.free();
  }
}
