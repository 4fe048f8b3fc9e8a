// Deno 2 (npm `deno`, the binary from its platform package): `import ... from "npm:@m8tes/wasm"`
// resolved from the packed tarball installed in a project's node_modules, run with the narrowest
// permissions that work: network to the server's port only, and read access to the package's
// wasm folder only (node.js reads the .wasm from disk). No --allow-env, no prompt.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { nodeBin } from "../harness/paths.mjs";
import { startServer } from "../harness/server.mjs";
import { assertChecks, checksConfig, lastJsonLine, makeProject } from "../harness/runtime-project.mjs";

const DENO = join(nodeBin, "deno");
const TIMEOUT_MS = 60_000;
const run = promisify(execFile);

let server;
let project;
before(async () => {
  server = await startServer();
  project = makeProject("deno", [new URL("./main.mjs", import.meta.url)]);
  // "manual": Deno uses the node_modules npm filled, so `npm:` resolves to the tarball.
  writeFileSync(join(project.dir, "deno.json"), JSON.stringify({ nodeModulesDir: "manual" }));
});
after(async () => {
  project?.remove();
  await server?.stop();
});

function deno(args) {
  // DENO_NO_UPDATE_CHECK: the binary must not reach for the network on its own.
  const env = { ...process.env, DENO_NO_UPDATE_CHECK: "1", DENO_DIR: join(project.dir, ".deno") };
  return run(DENO, args, { cwd: project.dir, env, timeout: TIMEOUT_MS, maxBuffer: 16 << 20 });
}

test("deno runs the checks with --allow-net=127.0.0.1:<port> and read access to the wasm only", async () => {
  const wasmDir = join(project.dir, "node_modules/@m8tes/wasm/wasm");
  const args = ["run", "--no-prompt", `--allow-net=127.0.0.1:${server.port}`, `--allow-read=${wasmDir}`, "main.mjs", JSON.stringify(checksConfig(server))];
  const { stdout, stderr } = await deno(args);
  await assertChecks(lastJsonLine(stdout, stderr), server);
});

test("without read access to the wasm, Deno refuses at import: the README's permission is needed", async () => {
  const args = ["run", "--no-prompt", `--allow-net=127.0.0.1:${server.port}`, "main.mjs", JSON.stringify(checksConfig(server))];
  await assert.rejects(deno(args), (err) => /NotCapable|Requires read access/.test(err.stderr ?? ""));
});
