// The README's examples (examples/), each executed as a user would run it, against the real
// server, so they cannot rot: the Node script with `node`, the Worker in workerd, the browser
// page built by Vite and loaded in Chromium.
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { execFile } from "node:child_process";
import { copyFileSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { installPackage } from "../harness/package.mjs";
import { nodeBin, repoRoot, scratchDir } from "../harness/paths.mjs";
import { freePort } from "../harness/ports.mjs";
import { makeProject } from "../harness/runtime-project.mjs";
import { startServer } from "../harness/server.mjs";
import { startStaticServer } from "../harness/static-server.mjs";
import { bundleWorker, startWorkerd } from "../harness/workerd.mjs";
import { launchChromium } from "../harness/chromium.mjs";

const examples = join(repoRoot, "examples");
const TIMEOUT_MS = 60_000;
const run = promisify(execFile);

let server;
before(async () => {
  installPackage();
  server = await startServer();
});
after(async () => server?.stop());

test("examples/node.mjs streams a run, lists teammates and catches NotFoundError", async () => {
  const mate = await server.api("/teammates/", { method: "POST", body: { name: "Example mate" } });
  assert.equal(mate.status, 201, mate.text);
  // Run from the scratch project, where the package is installed, with the key in the
  // environment as the example says.
  const script = join(scratchDir, "example-node.mjs");
  copyFileSync(join(examples, "node.mjs"), script);
  const env = { ...process.env, M8TES_API_KEY: server.apiKey, M8TES_BASE_URL: server.baseUrl };
  const { stdout } = await run(process.execPath, [script], { cwd: scratchDir, env, timeout: TIMEOUT_MS });
  const lines = stdout.split("\n");
  assert.ok(lines[0].length > 0, "the run's text came first");
  assert.ok(lines.includes(`teammate ${mate.json.id}: Example mate`), stdout);
  assert.ok(lines.includes("no teammate 99999999 (404)"), stdout);
});

test("examples/cloudflare-worker.mjs in workerd: verifies a signed delivery, refuses a forged one, proxies a run", async () => {
  const secret = "whsec_example_worker_secret";
  const bundle = bundleWorker(join(examples, "cloudflare-worker.mjs"), "example");
  const worker = await startWorkerd(bundle, {
    port: await freePort(),
    bindings: { M8TES_WEBHOOK_SECRET: secret, M8TES_API_KEY: server.apiKey, M8TES_BASE_URL: server.baseUrl },
  });
  try {
    const body = JSON.stringify({ event: "run.completed", run_id: 1, data: { status: "completed" } });
    const id = "msg_example";
    const timestamp = String(Math.floor(Date.now() / 1000));
    const signature = `v1=${createHmac("sha256", secret).update(`${id}.${timestamp}.${body}`).digest("hex")}`;
    const deliver = (sig) =>
      fetch(`${worker.origin}/webhooks/m8tes`, { method: "POST", body, headers: { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": sig } });
    const accepted = await deliver(signature);
    assert.equal(accepted.status, 200, await accepted.text());
    const forged = await deliver(`v1=${"0".repeat(64)}`);
    assert.equal(forged.status, 401);
    assert.equal(await forged.text(), "signature_mismatch");

    const proxied = await fetch(`${worker.origin}/runs`, { method: "POST", body: "What is our MRR?" });
    assert.equal(proxied.status, 200);
    assert.match(proxied.headers.get("content-type"), /^text\/event-stream/);
    const sse = await proxied.text();
    assert.match(sse, /event: ?done|"type":"done"/, sse.slice(-500));
  } finally {
    await worker.stop();
  }
});

test("examples/browser.html built by Vite streams a run into the page in Chromium", async () => {
  const project = makeProject("example-browser", [join(examples, "browser.mjs")]);
  const browser = await launchChromium();
  let site;
  try {
    copyFileSync(join(examples, "browser.html"), join(project.dir, "index.html"));
    await run(join(nodeBin, "vite"), ["build", "--logLevel", "warn", "--outDir", "dist"], { cwd: project.dir, timeout: TIMEOUT_MS * 2 });
    const dist = join(project.dir, "dist");
    site = await startStaticServer({ routes: { "/": dist }, pages: { "/": readFileSync(join(dist, "index.html"), "utf8") } });
    const page = await browser.newPage();
    const problems = [];
    page.on("pageerror", (err) => problems.push(err.message));
    await page.goto(`${site.origin}/#key=${encodeURIComponent(server.apiKey)}&base=${encodeURIComponent(server.baseUrl)}`);
    await page.waitForFunction(() => document.body.dataset.runId !== undefined, null, { timeout: 30_000 });
    const { runId, text } = await page.evaluate(() => ({ runId: Number(document.body.dataset.runId), text: document.querySelector("#output").textContent }));
    assert.deepEqual(problems, []);
    const finished = await server.waitForRun(runId);
    assert.equal(text, finished.output, "the page shows exactly the run's text");
  } finally {
    await browser.close();
    await site?.stop();
    project.remove();
  }
});
