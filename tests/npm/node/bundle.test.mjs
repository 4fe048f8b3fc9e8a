// `instanceof` must survive a minifying bundle: esbuild bundles a plain script that imports the
// package, and the bundle, run on its own, checks real errors from the real server.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { useServerAndClient } from "../harness/fixture.mjs";
import { packageDir, resolveEntry } from "../harness/package.mjs";
import { nodeBin, scratchDir } from "../harness/paths.mjs";

const ctx = useServerAndClient();

const APP = `
import { M8tes, M8tesError, APIError, NotFoundError, AuthenticationError, ValidationError } from "@m8tes/wasm";
const [baseUrl, apiKey] = process.argv.slice(2);
const results = {};
try {
  await new M8tes({ apiKey, baseUrl }).teammates.get(424242);
} catch (err) {
  results.notFoundError = String(err);
  results.notFound = [err instanceof NotFoundError, err instanceof APIError, err instanceof M8tesError, err instanceof Error, err.status, err.name, err.constructor.name];
}
try {
  await new M8tes({ apiKey: "m8_not_a_key", baseUrl }).teammates.list();
} catch (err) {
  results.auth = [err instanceof AuthenticationError, err instanceof NotFoundError, err.status];
}
try {
  await new M8tes({ apiKey, baseUrl }).users.get("../x");
} catch (err) {
  results.validation = [err instanceof ValidationError, err instanceof M8tesError];
}
console.log(JSON.stringify(results));
`;

/**
 * The package's .wasm files, copied into `to` at the same paths they have in the package. The
 * bundle is written at the depth of the package's own node entry, so a `new URL("../x.wasm",
 * import.meta.url)` in the package finds its file from the bundle too, as it does for a user who
 * ships the package's assets beside their bundle.
 */
function copyAssets(from, to) {
  for (const name of readdirSync(from, { recursive: true })) {
    if (!name.endsWith(".wasm")) continue;
    mkdirSync(dirname(join(to, name)), { recursive: true });
    copyFileSync(join(from, name), join(to, name));
  }
}

test("errors thrown by a minified esbuild bundle keep their classes", () => {
  const dir = join(scratchDir, "bundle");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  writeFileSync(join(scratchDir, "bundle-app.mjs"), APP);
  const entryDir = relative(packageDir, dirname(resolveEntry(["node", "import"])));
  const outfile = join(dir, entryDir, "app.mjs");
  execFileSync(
    join(nodeBin, "esbuild"),
    ["bundle-app.mjs", "--bundle", "--minify", "--format=esm", "--platform=node", `--outfile=${outfile}`, "--log-level=warning"],
    { cwd: scratchDir, stdio: ["ignore", "inherit", "inherit"] },
  );
  copyAssets(packageDir, dir);
  const out = execFileSync(process.execPath, [outfile, ctx.server.baseUrl, ctx.server.apiKey], { encoding: "utf8" });
  const results = JSON.parse(out.trim().split("\n").at(-1));
  assert.deepEqual(results.notFound, [true, true, true, true, 404, "NotFoundError", "NotFoundError"], results.notFoundError);
  assert.deepEqual(results.auth, [true, false, 401]);
  assert.deepEqual(results.validation, [true, true]);
});
