// Publish-readiness of the packed tarball, checked the way the registry and its users will see
// it: publint (package.json against the files shipped), @arethetypeswrong/cli (types resolve
// for every resolution mode), `npm publish --dry-run`, and the fields and LICENSE a published
// package needs.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync, spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage, packageDir, packageJson } from "../harness/package.mjs";
import { nodeBin, repoRoot, tarball } from "../harness/paths.mjs";

const TIMEOUT_MS = 120_000;

function run(command, args) {
  const result = spawnSync(command, args, { cwd: repoRoot, encoding: "utf8", timeout: TIMEOUT_MS });
  const output = `${result.stdout ?? ""}${result.stderr ?? ""}`;
  if (result.error) throw new Error(`${command} ${args.join(" ")}: ${result.error.message}\n${output}`);
  return { status: result.status, output };
}

test("the tarball ships the repository's MIT LICENSE", () => {
  const listing = execFileSync("tar", ["tzf", tarball], { encoding: "utf8" }).split("\n");
  assert.ok(listing.includes("package/LICENSE"), `no package/LICENSE in:\n${listing.join("\n")}`);
  installPackage();
  const shipped = readFileSync(join(packageDir, "LICENSE"), "utf8");
  assert.equal(shipped, readFileSync(join(repoRoot, "LICENSE"), "utf8"));
  assert.match(shipped, /^MIT License/);
  assert.match(shipped, /the m8tes-wasm authors/);
});

test("package.json carries what the registry page and `npm publish` need", () => {
  installPackage();
  const pkg = packageJson();
  assert.equal(pkg.license, "MIT");
  assert.match(pkg.repository?.url ?? "", /^git\+https:\/\/github\.com\/.+\.git$/);
  assert.match(pkg.homepage ?? "", /^https:\/\//);
  assert.match(pkg.bugs?.url ?? "", /^https:\/\//);
  assert.equal(pkg.publishConfig?.access, "public", "a scoped package is private unless told otherwise");
  assert.doesNotMatch(pkg.version, /set-by-xtask/, "xtask writes the crate's version");
});

test("publint finds nothing to fix", () => {
  const { status, output } = run(join(nodeBin, "publint"), ["run", "--strict", tarball]);
  console.log(output.trim());
  assert.equal(status, 0, output);
});

test("@arethetypeswrong/cli: types resolve in every resolution mode", () => {
  // The package is ESM only. `require()` of it works where Node can require ES modules (20.19+,
  // which `engines` asks for, tested by npm-node's require test); attw models Node 16's rules,
  // under which that is the "CJS resolves to ESM" warning, so that one rule is set aside.
  const { status, output } = run(join(nodeBin, "attw"), [tarball, "--ignore-rules", "cjs-resolves-to-esm", "--no-color"]);
  console.log(output.trim());
  assert.equal(status, 0, output);
});

test("`npm publish --dry-run` accepts the tarball", () => {
  const { status, output } = run("npm", ["publish", "--dry-run", "--no-audit", tarball]);
  console.log(output.trim());
  assert.equal(status, 0, output);
  assert.match(output, /public access \(dry-run\)/);
  assert.match(output, /\+ @m8tes\/wasm@/);
});
