// Everything the package exports, whatever the runtime; the entry files (node.js, workerd.js,
// browser.js) say how their host starts the wasm (wasm.js) and then re-export this.

export { M8tes } from "./client.js";
export { getToken, signup } from "./account.js";
export { RunStream } from "./stream.js";
export { Page, PagePromise } from "./pages.js";
export { APIPromise } from "./api-promise.js";
export { Webhooks } from "./webhooks.js";
export * from "./errors.js";
