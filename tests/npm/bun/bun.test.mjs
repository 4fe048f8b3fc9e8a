// Bun 1 (npm `bun`, the binary from its platform package): the packed tarball installed into a
// project, then `bun run` of a module that imports the package by name and runs the checks.
import { after, before, test } from "node:test";
import { execFile } from "node:child_process";
import { join } from "node:path";
import { promisify } from "node:util";
import { nodeBin } from "../harness/paths.mjs";
import { startServer } from "../harness/server.mjs";
import { assertChecks, checksConfig, lastJsonLine, makeProject } from "../harness/runtime-project.mjs";

const BUN = join(nodeBin, "bun");
const TIMEOUT_MS = 60_000;
const run = promisify(execFile);

let server;
let project;
before(async () => {
  server = await startServer();
  project = makeProject("bun", [new URL("./main.mjs", import.meta.url)]);
});
after(async () => {
  project?.remove();
  await server?.stop();
});

test("bun run: stream, pages, typed error, webhook signature", async () => {
  // The package falls back to these in Node-like runtimes; the checks pass key and URL explicitly.
  const env = { ...process.env, BUN_RUNTIME_TRANSPILER_CACHE_PATH: "0" };
  delete env.M8TES_API_KEY;
  delete env.M8TES_BASE_URL;
  const { stdout, stderr } = await run(BUN, ["run", "main.mjs", JSON.stringify(checksConfig(server))], { cwd: project.dir, env, timeout: TIMEOUT_MS, maxBuffer: 16 << 20 });
  await assertChecks(lastJsonLine(stdout, stderr), server);
});
