// The size budget: for each runtime's entry of the installed package, the .wasm plus every JS
// module reachable from the entry, gzipped (level 9), must stay within the budget.
import { test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, readdirSync } from "node:fs";
import { dirname, join, relative, resolve } from "node:path";
import { gzipSync } from "node:zlib";
import { installPackage, packageDir, resolveEntry } from "../harness/package.mjs";

// Started at 150 KB (issue 4); lowered as the package shrank. The goal is under 35 KB.
const BUDGET_BYTES = 125 * 1024;
const RUNTIMES = { node: ["node", "import"], browser: ["browser", "import"], workerd: ["workerd", "worker", "browser", "import"] };

const gzipSize = (bytes) => gzipSync(bytes, { level: 9 }).length;

/** JS files reachable by relative static or dynamic imports from `entry`. */
function moduleClosure(entry) {
  const seen = new Set();
  const queue = [entry];
  while (queue.length) {
    const file = queue.pop();
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const source = readFileSync(file, "utf8");
    for (const match of source.matchAll(/(?:import|export)\s*(?:[^'"`;]*?\sfrom\s*)?\(?\s*["'](\.{1,2}\/[^"']+)["']/g)) {
      const target = resolve(dirname(file), match[1]);
      if (/\.(m|c)?js$/.test(target)) queue.push(target);
    }
  }
  return [...seen];
}

function wasmFiles() {
  return readdirSync(packageDir, { recursive: true })
    .filter((name) => name.endsWith(".wasm"))
    .map((name) => join(packageDir, name));
}

test(`each runtime's .wasm + JS is at most ${BUDGET_BYTES / 1024} KB gzip`, () => {
  installPackage();
  const wasm = wasmFiles();
  assert.ok(wasm.length >= 1, "the package ships a .wasm");
  const rows = [];
  for (const [runtime, conditions] of Object.entries(RUNTIMES)) {
    const entry = resolveEntry(conditions);
    const js = moduleClosure(entry);
    const files = [...wasm, ...js];
    const sizes = files.map((file) => {
      const bytes = readFileSync(file);
      return { file: relative(packageDir, file), raw: bytes.length, gzip: gzipSize(bytes) };
    });
    const total = sizes.reduce((sum, s) => sum + s.gzip, 0);
    rows.push({ runtime, sizes, total });
  }
  for (const { runtime, sizes, total } of rows) {
    console.log(`${runtime}:`);
    for (const s of sizes) console.log(`  ${s.file.padEnd(40)} ${String(s.raw).padStart(9)} B raw ${String(s.gzip).padStart(9)} B gzip`);
    console.log(`  ${"total".padEnd(40)} ${"".padStart(15)} ${String(total).padStart(9)} B gzip (${(total / 1024).toFixed(1)} KB of ${BUDGET_BYTES / 1024} KB)`);
  }
  for (const { runtime, total } of rows) {
    assert.ok(total <= BUDGET_BYTES, `${runtime}: ${total} B gzip exceeds the ${BUDGET_BYTES} B budget`);
  }
});
