// The package inside the real workerd: webhook deliveries signed by the real server verified at
// the edge, and a run streamed from the server back through the Worker as it happens.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { fileURLToPath } from "node:url";
import { installPackage } from "../harness/package.mjs";
import { startServer } from "../harness/server.mjs";
import { bundleWorker, startWorkerd } from "../harness/workerd.mjs";
import { freePort } from "../harness/ports.mjs";

let server;
let worker;
let secret;
let webhookId;

before(async () => {
  installPackage();
  server = await startServer();
  const port = await freePort();
  // The server must know where to deliver before the Worker can know the secret to check with.
  const created = await server.api("/webhooks/", {
    method: "POST",
    body: { url: `http://127.0.0.1:${port}/webhook`, events: ["run.completed", "run.failed"] },
  });
  assert.equal(created.status, 201, created.text);
  secret = created.json.secret;
  webhookId = created.json.id;
  const bundle = bundleWorker(fileURLToPath(new URL("./worker.mjs", import.meta.url)), "e2e");
  worker = await startWorkerd(bundle, {
    port,
    bindings: { WEBHOOK_SECRET: secret, M8TES_API_KEY: server.apiKey, M8TES_BASE_URL: server.baseUrl },
  });
});
after(async () => {
  await worker?.stop();
  await server?.stop();
});

async function until(what, probe, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The delivery's own signature headers, without the transport ones (length, host) it came with. */
const signatureHeaders = (headers) =>
  Object.fromEntries(Object.entries(headers).filter(([name]) => name.startsWith("webhook-") || name === "content-type"));

const sign = (id, timestamp, body) => `v1=${createHmac("sha256", secret).update(`${id}.${timestamp}.${body}`).digest("hex")}`;

describe("webhooks verified in the Worker", () => {
  let delivery;

  test("a delivery signed by m8tes-local is accepted (200) and recorded as a success", async () => {
    const run = await server.api("/runs/", { method: "POST", body: { message: "What is our MRR?", tools: ["stripe"], stream: false, memory: true, history: true } });
    assert.equal(run.status < 300, true, run.text);
    await server.waitForRun(run.json.id);
    const received = await until("the delivery", async () => {
      const list = await (await fetch(`${worker.origin}/received`)).json();
      return list.length ? list : null;
    });
    delivery = received[0];
    assert.equal(delivery.ok, true, JSON.stringify(delivery));
    assert.equal(delivery.event, "run.completed");
    const body = JSON.parse(delivery.raw);
    assert.equal(body.run_id, run.json.id);
    assert.match(body.event_id, /^evt_/);
    const deliveries = await until("the server to record the delivery", async () => {
      const { json } = await server.api(`/webhooks/${webhookId}/deliveries`);
      return json.data.find((d) => d.status === "success") ? json.data : null;
    });
    const recorded = deliveries.find((d) => d.run_id === run.json.id);
    assert.equal(recorded.response_status_code, 200);
  });

  test("the same delivery with a tampered body is refused (401, signature_mismatch)", async () => {
    assert.ok(delivery, "needs the real delivery from the previous test");
    const tampered = delivery.raw.replace('"run.completed"', '"run.failed"');
    assert.notEqual(tampered, delivery.raw);
    const res = await fetch(`${worker.origin}/webhook`, { method: "POST", headers: signatureHeaders(delivery.headers), body: tampered });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).reason, "signature_mismatch");
    const bool = await fetch(`${worker.origin}/webhook-bool`, { method: "POST", headers: signatureHeaders(delivery.headers), body: tampered });
    assert.equal(bool.status, 401);
    // And untouched, it still passes: the 401 was the tampering.
    const replay = await fetch(`${worker.origin}/webhook-bool`, { method: "POST", headers: signatureHeaders(delivery.headers), body: delivery.raw });
    assert.equal(replay.status, 200);
  });

  test("a correctly signed delivery with a stale timestamp is refused (401, timestamp_too_old)", async () => {
    assert.ok(delivery);
    const id = delivery.headers["webhook-id"];
    const stale = String(Math.floor(Date.now() / 1000) - 3_600);
    const headers = { "content-type": "application/json", "webhook-id": id, "webhook-timestamp": stale, "webhook-signature": sign(id, stale, delivery.raw) };
    const res = await fetch(`${worker.origin}/webhook`, { method: "POST", headers, body: delivery.raw });
    assert.equal(res.status, 401);
    assert.equal((await res.json()).reason, "timestamp_too_old");
    assert.equal((await fetch(`${worker.origin}/webhook-bool`, { method: "POST", headers, body: delivery.raw })).status, 401);
    const fresh = String(Math.floor(Date.now() / 1000));
    const freshHeaders = { ...headers, "webhook-timestamp": fresh, "webhook-signature": sign(id, fresh, delivery.raw) };
    assert.equal((await fetch(`${worker.origin}/webhook`, { method: "POST", headers: freshHeaders, body: delivery.raw })).status, 200);
  });
});

describe("a run streamed through the Worker", () => {
  test("SSE arrives incrementally: the first bytes come while the run is still running", async () => {
    const url = `${worker.origin}/stream?message=${encodeURIComponent("Check my email simulate:slow")}&tools=gmail`;
    const res = await fetch(url);
    assert.equal(res.status, 200);
    assert.match(res.headers.get("content-type"), /text\/event-stream/);
    const reader = res.body.getReader();
    const decoder = new TextDecoder();
    let text = "";
    let runId;
    let statusAtFirstBytes;
    let chunks = 0;
    while (true) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks++;
      text += decoder.decode(value, { stream: true });
      if (runId === undefined) {
        const match = text.match(/"run_id"\s*:\s*(\d+)/);
        if (match) {
          runId = Number(match[1]);
          statusAtFirstBytes = (await server.api(`/runs/${runId}`)).json.status;
        }
      }
    }
    assert.ok(runId, `no metadata in:\n${text.slice(0, 500)}`);
    assert.equal(statusAtFirstBytes, "running", "the Worker passed bytes on before the run finished");
    assert.ok(chunks > 1, "the body arrived in more than one piece");

    const events = text
      .split(/\n\n/)
      .map((frame) => frame.split("\n").filter((l) => l.startsWith("data:")).map((l) => l.slice(5).trim()).join("\n"))
      .filter((data) => data && data !== "[DONE]")
      .map((data) => JSON.parse(data));
    const types = events.map((e) => e.type);
    assert.equal(types[0], "metadata");
    assert.ok(types.includes("tool-call-start"));
    assert.ok(types.includes("done") || text.includes("[DONE]"));
    const run = await server.waitForRun(runId);
    assert.equal(events.filter((e) => e.type === "text-delta").map((e) => e.delta).join(""), run.output);
  });
});
