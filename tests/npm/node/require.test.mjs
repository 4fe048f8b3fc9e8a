// `engines` asks for Node 20.19+, where `require()` loads ES modules without a flag: a
// CommonJS script in the scratch project requires the package by name and uses it.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { installPackage, packageJson } from "../harness/package.mjs";

test("engines.node is the Node that can require() an ES module, and this Node meets it", () => {
  installPackage();
  assert.equal(packageJson().engines.node, ">=20.19.0");
  const [major, minor] = process.versions.node.split(".").map(Number);
  assert.ok(major > 20 || (major === 20 && minor >= 19), `CI runs Node ${process.versions.node}, below the claimed minimum`);
});

test("a CommonJS script can require() the package and verify a signature with it", () => {
  const dir = installPackage();
  const script = join(dir, "require-check.cjs");
  writeFileSync(
    script,
    `const { M8tes, NotFoundError, Webhooks } = require("@m8tes/wasm");
const secret = "whsec_require_check";
const body = '{"event":"run.completed"}';
const headers = Webhooks.sign({ body, secret, id: "msg_1", timestamp: Math.floor(Date.now() / 1000) });
const verified = Webhooks.verifySignature({ body, headers, secret });
const tampered = Webhooks.verifySignature({ body: body + " ", headers, secret });
console.log(JSON.stringify({ client: typeof M8tes, error: typeof NotFoundError, verified, tampered }));
`,
  );
  const out = execFileSync(process.execPath, ["--no-warnings", script], { cwd: dir, encoding: "utf8", timeout: 30_000 });
  assert.deepEqual(JSON.parse(out.trim()), { client: "function", error: "function", verified: true, tampered: false });
});
