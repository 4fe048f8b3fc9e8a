// Runs the CLI's end-to-end tests: `node tests/cli/run.mjs`. Installs the packed tarball into
// a scratch project of its own, then hands every `*.test.mjs` here to node:test, whose spec
// reporter ends with the `ℹ tests / pass / fail` summary.
import { spawnSync } from "node:child_process";
import { readdirSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const repoRoot = join(here, "..", "..");
// Its own scratch project, so this suite and the package's suites never reinstall under each other.
process.env.M8TES_NPM_SCRATCH ??= join(repoRoot, "target", "cli-scratch");
// The CLI falls back to these; each test passes what it means explicitly.
delete process.env.M8TES_API_KEY;
delete process.env.M8TES_BASE_URL;

const { installPackage } = await import("../npm/harness/package.mjs");
installPackage();

const files = readdirSync(here)
  .filter((name) => name.endsWith(".test.mjs"))
  .sort()
  .map((name) => join(here, name));
// One file at a time: each starts its own server, and the machine has two cores. A test file
// (Node 20 bounds the file's run as well as each test) still running after TEST_LIMIT_MS
// fails, so a hang is named rather than stalling the stage; the slowest file takes about 30 s.
const TEST_LIMIT_MS = 300_000;
const result = spawnSync(process.execPath, ["--test", "--test-concurrency=1", `--test-timeout=${TEST_LIMIT_MS}`, "--test-reporter=spec", ...files], {
  stdio: "inherit",
  cwd: repoRoot,
  env: process.env,
});
process.exit(result.status ?? 1);
