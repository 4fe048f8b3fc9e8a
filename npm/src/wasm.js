// The package's two wasm modules, each started the first time something needs it (issue 9):
// the webhook checks' own small module (`Webhooks`) and the client's (everything else), so a
// webhook handler never compiles the client, and `new M8tes` waits for its first request. Each
// runtime's entry (node.js, workerd.js, browser.js) says how its host gets them.

import { setErrorFactory } from "../wasm/m8tes.js";
import { makeError } from "./errors.js";

let host;
let clientStarted = false;
let webhooks;

/**
 * Called once by the entry, before any export is used: `startClient()` instantiates the
 * client's wasm synchronously (the glue's `initSync`), `startWebhooks()` returns the webhook
 * module's instance exports.
 */
export function provideWasm(startClient, startWebhooks) {
  host = { startClient, startWebhooks };
}

/** Starts the client's wasm if it is not yet; every path into the glue passes here first. */
export function needClient() {
  if (clientStarted) return;
  host.startClient();
  setErrorFactory(makeError);
  clientStarted = true;
}

/** The webhook module's exports (crates/webhooks-wasm), started on the first call. */
export function webhookWasm() {
  return (webhooks ??= host.startWebhooks());
}
