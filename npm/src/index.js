// Everything the package exports, whatever the runtime; the entry files (node.js, workerd.js,
// browser.js) start the wasm and then re-export this.

import { setErrorFactory } from "../wasm/m8tes.js";
import { makeError } from "./errors.js";

export { M8tes } from "./client.js";
export { getToken, signup } from "./account.js";
export { RunStream } from "./stream.js";
export { Page, PagePromise } from "./pages.js";
export { APIPromise } from "./api-promise.js";
export { Webhooks } from "./webhooks.js";
export * from "./errors.js";

/** Called by each entry once the wasm is instantiated. */
export function ready() {
  setErrorFactory(makeError);
}
