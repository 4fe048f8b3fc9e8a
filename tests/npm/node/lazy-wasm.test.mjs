// The client's wasm is compiled on first need, not at import (issue 9): in a fresh process,
// importing the package, verifying, signing and unwrapping webhooks and `new M8tes` compile
// only the small webhook module (at import); the first request (here one the wasm refuses)
// compiles the client's, and its errors are still the package's classes.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { installPackage } from "../harness/package.mjs";

const SCRIPT = `
const compiled = [];
const Module = WebAssembly.Module;
WebAssembly.Module = class extends Module {
  constructor(bytes) {
    super(bytes);
    compiled.push(Module.exports(this).some((e) => e.name === "verify") ? "webhooks" : "client");
  }
};
const m = await import("@m8tes/wasm");
const seen = () => [...compiled];
const out = { atImport: seen() };
const secret = "whsec_lazy", body = '{"event":"run.completed"}';
const headers = m.Webhooks.sign({ body, secret, id: "msg_1", timestamp: Math.floor(Date.now() / 1000) });
out.verified = m.Webhooks.verifySignature({ body, headers, secret });
out.event = m.Webhooks.unwrap(body, headers, secret).event;
try { m.Webhooks.unwrap(body, { ...headers, "Webhook-Signature": "v1=00" }, secret); } catch (err) { out.refused = [err.constructor.name, err.reason]; }
const client = new m.M8tes({ apiKey: "m8_lazy", baseUrl: "http://127.0.0.1:9" });
out.afterWebhooksAndClient = seen();
try { await client.teammates.get(null); } catch (err) { out.firstRequest = err instanceof m.ValidationError; }
out.afterFirstRequest = seen();
console.log(JSON.stringify(out));
`;

test("importing, webhooks and new M8tes compile only the webhook wasm; the first request compiles the client's", () => {
  const cwd = installPackage();
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", SCRIPT], { cwd, encoding: "utf8", timeout: 30_000 });
  assert.deepEqual(JSON.parse(out.trim().split("\n").at(-1)), {
    atImport: ["webhooks"],
    verified: true,
    event: "run.completed",
    refused: ["WebhookVerificationError", "signature_mismatch"],
    afterWebhooksAndClient: ["webhooks"],
    firstRequest: true,
    afterFirstRequest: ["webhooks", "client"],
  });
});
