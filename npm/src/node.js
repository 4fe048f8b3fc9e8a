// Node (20.19+), Bun, and Deno with npm: the webhook module (a few KB) is read from disk and
// instantiated at import, so a missing read permission fails there and not in a check that
// must not throw; the client's is read and instantiated synchronously on first need, so a
// webhook handler never compiles it (issue 9).
import { initSync } from "../wasm/m8tes.js";
import { provideWasm } from "./wasm.js";

// `fs` from `process.getBuiltinModule` (Node 20.16+, Deno 2, Bun 1.1), not `import "node:fs"`:
// an ES import of a built-in builds its whole namespace, whose lazy `promises` then loads
// Node's streams, ~2 ms of a cold start (issue 9).
const { readFileSync } = process.getBuiltinModule("node:fs");
const read = (name) => readFileSync(new URL(`../wasm/${name}`, import.meta.url));
const webhooks = new WebAssembly.Instance(new WebAssembly.Module(read("webhooks.wasm"))).exports;

provideWasm(
  () => initSync({ module: read("m8tes_bg.wasm") }),
  () => webhooks,
);

export * from "./index.js";
