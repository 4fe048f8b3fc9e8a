// Node (20.19+), Bun, and Deno with npm: the wasm is read from disk and instantiated synchronously,
// so `Webhooks.verifySignature` works the moment the import resolves.
import { readFileSync } from "node:fs";
import { initSync } from "../wasm/m8tes.js";
import { ready } from "./index.js";

initSync({ module: readFileSync(new URL("../wasm/m8tes_bg.wasm", import.meta.url)) });
ready();

export * from "./index.js";
