// Browsers and Deno: the wasm is fetched next to this file and instantiated before the module
// finishes loading (top-level await), so every export is usable once imported.
import init from "../wasm/m8tes.js";
import { ready } from "./index.js";

await init({ module_or_path: new URL("../wasm/m8tes_bg.wasm", import.meta.url) });
ready();

export * from "./index.js";
