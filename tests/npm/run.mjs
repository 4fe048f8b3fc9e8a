// Runs suites of the npm package's end-to-end tests: `node tests/npm/run.mjs node faults ...`.
// Installs the packed tarball once, then hands each suite's `*.test.mjs` files to node:test,
// whose spec reporter ends with the `ℹ tests / pass / fail` summary that xtask shows.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { join } from "node:path";
import { installPackage } from "./harness/package.mjs";
import { repoRoot } from "./harness/paths.mjs";

export const SUITES = ["node", "faults", "vectors", "size", "types", "workerd", "browser", "publish", "deno", "bun", "bundlers", "examples"];

const asked = process.argv.slice(2);
if (asked.length === 0 || asked.some((name) => !SUITES.includes(name))) {
  console.error(`usage: node tests/npm/run.mjs <suite>...  (suites: ${SUITES.join(", ")})`);
  process.exit(2);
}

installPackage();
const files = asked.flatMap((suite) => {
  const dir = join(repoRoot, "tests/npm", suite);
  return readdirSync(dir)
    .filter((name) => name.endsWith(".test.mjs"))
    .sort()
    .map((name) => join(dir, name));
});
if (files.length === 0) {
  console.error(`no *.test.mjs files in ${asked.join(", ")}`);
  process.exit(1);
}
// One file at a time: each starts its own server, and the machine has two cores. A test file
// (Node 20 bounds the file's run as well as each test) still running after TEST_LIMIT_MS
// fails, so a hang is named rather than stalling the stage; the slowest file takes about 30 s.
const TEST_LIMIT_MS = 300_000;
// The package falls back to these in Node; the tests pass keys and URLs explicitly.
const env = { ...process.env };
delete env.M8TES_API_KEY;
delete env.M8TES_BASE_URL;
const result = spawnSync(
  process.execPath,
  ["--test", "--test-concurrency=1", `--test-timeout=${TEST_LIMIT_MS}`, "--test-reporter=spec", ...files],
  { stdio: "inherit", cwd: repoRoot, env },
);
process.exit(result.status ?? 1);
