// A throwaway project with the packed tarball installed from a `file:` dependency, as a user of
// Deno, Bun or a bundler would have it, plus the assertions every runtime's checks must meet.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { fileURLToPath } from "node:url";
import { tarball, vectorsDir } from "./paths.mjs";

export const CHECKS_SCRIPT = new URL("./runtime-checks.mjs", import.meta.url);

/**
 * Creates the project (package.json, the tarball installed offline, `files` copied in by name)
 * and returns `{ dir, remove }`. `extra` is merged into its package.json.
 */
export function makeProject(prefix, files = [], extra = {}) {
  const dir = mkdtempSync(join(tmpdir(), `m8tes-${prefix}-`));
  copyFileSync(tarball, join(dir, "m8tes-wasm.tgz"));
  const manifest = { name: `m8tes-${prefix}-check`, private: true, type: "module", dependencies: { "@m8tes/wasm": "file:./m8tes-wasm.tgz" }, ...extra };
  writeFileSync(join(dir, "package.json"), JSON.stringify(manifest, null, 2));
  execFileSync("npm", ["install", "--offline", "--no-audit", "--no-fund", "--loglevel=error"], { cwd: dir, stdio: ["ignore", "inherit", "inherit"], timeout: 120_000 });
  for (const file of [CHECKS_SCRIPT, ...files]) {
    const path = file instanceof URL ? fileURLToPath(file) : file;
    copyFileSync(path, join(dir, basename(path)));
  }
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** What `runChecks` needs: the server and one valid and one invalid webhook vector. */
export function checksConfig(server) {
  const vectors = JSON.parse(readFileSync(join(vectorsDir, "webhook-signatures.json"), "utf8"));
  return { baseUrl: server.baseUrl, apiKey: server.apiKey, webhook: { valid: vectors.valid[0], invalid: vectors.invalid[0] } };
}

/** The summary `runChecks` returned, held against the server's own record of the run. */
export async function assertChecks(result, server) {
  assert.equal(result.types[0], "metadata");
  assert.equal(result.types.at(-1), "done");
  assert.ok(result.types.includes("tool-call-start"), result.types.join(","));
  assert.ok(result.text.length > 0);
  const run = await server.waitForRun(result.runId);
  assert.equal(run.output, result.text, "the stream accumulated exactly the run's text");

  assert.equal(result.firstPageSize, 2);
  assert.equal(result.firstPageHasMore, true);
  for (const id of result.created) assert.ok(result.pagedIds.includes(id), `teammate ${id} reached through paging`);
  assert.equal(new Set(result.pagedIds).size, result.pagedIds.length, "no teammate twice");

  assert.deepEqual(result.notFound, { isNotFound: true, isAPIError: true, status: 404 });
  assert.deepEqual(result.webhook, { valid: true, invalid: false });
}

/** The last line of a child's stdout parsed as JSON, or a failure that shows all it said. */
export function lastJsonLine(stdout, stderr) {
  const line = stdout.trim().split("\n").at(-1) ?? "";
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`no JSON summary; stdout:\n${stdout}\nstderr:\n${stderr}`);
  }
}
