// Cloudflare Workers (workerd): the runtime compiles the imported .wasm ahead of time (Workers
// forbid compiling wasm from bytes at run time) and hands over a WebAssembly.Module.
import wasmModule from "../wasm/m8tes_bg.wasm";
import { initSync } from "../wasm/m8tes.js";
import { ready } from "./index.js";

initSync({ module: wasmModule });
ready();

export * from "./index.js";
