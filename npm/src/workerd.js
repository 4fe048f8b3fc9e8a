// Cloudflare Workers (workerd): the runtime compiles the imported .wasm files ahead of time
// (Workers forbid compiling wasm from bytes at run time) and hands over WebAssembly.Modules,
// each instantiated the first time it is needed.
import clientModule from "../wasm/m8tes_bg.wasm";
import webhooksModule from "../wasm/webhooks.wasm";
import { initSync } from "../wasm/m8tes.js";
import { provideWasm } from "./wasm.js";

provideWasm(
  () => initSync({ module: clientModule }),
  () => new WebAssembly.Instance(webhooksModule).exports,
);

export * from "./index.js";
