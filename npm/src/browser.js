// Browsers: both wasm files are fetched next to this file and instantiated before the module
// finishes loading (top-level await), since a browser compiles a module of more than a few KB
// only asynchronously; every export is usable once imported.
import init from "../wasm/m8tes.js";
import { provideWasm } from "./wasm.js";

const [, webhooks] = await Promise.all([
  init({ module_or_path: new URL("../wasm/m8tes_bg.wasm", import.meta.url) }),
  fetch(new URL("../wasm/webhooks.wasm", import.meta.url))
    .then((response) => response.arrayBuffer())
    .then((bytes) => WebAssembly.instantiate(bytes)),
]);
provideWasm(
  () => {},
  () => webhooks.instance.exports,
);

export * from "./index.js";
