// What the npm package weighs for one runtime: the .wasm plus every JS module reachable from
// that runtime's entry, each gzipped at level 9. Shared by the size budget test and bench/.
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { packageDir, resolveEntry } from "./package.mjs";

export const RUNTIMES = { node: ["node", "import"], browser: ["browser", "import"], workerd: ["workerd", "worker", "browser", "import"] };

export const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** JS files reachable by relative static or dynamic imports from `entry`. */
function moduleClosure(entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/(?:import|export)\s*(?:[^'"`;]*?\bfrom\s*)?\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = resolve(dirname(file), match[1]);
      if (/\.(m|c)?js$/.test(target)) queue.push(target);
    }
  }
  return [...seen];
}

export function wasmFiles() {
  return readdirSync(packageDir, { recursive: true })
    .filter((name) => name.endsWith(".wasm"))
    .map((name) => join(packageDir, name));
}

/** `{ files: [{ file, raw, gzip }], wasm, js, total }` for a runtime of RUNTIMES (installed package). */
export function runtimeSize(runtime) {
  const wasm = wasmFiles();
  const js = moduleClosure(resolveEntry(RUNTIMES[runtime]));
  const files = [...wasm, ...js].map((file) => {
    const bytes = readFileSync(file);
    return { file: relative(packageDir, file), raw: bytes.length, gzip: gzipSize(bytes), wasm: file.endsWith(".wasm") };
  });
  const sum = (list) => list.reduce((n, f) => n + f.gzip, 0);
  return { files, wasm: sum(files.filter((f) => f.wasm)), js: sum(files.filter((f) => !f.wasm)), total: sum(files) };
}
