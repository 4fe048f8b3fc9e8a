// What the package puts on the wire, observed on real requests to the real server: auth and
// content headers, D2's path forms, caller headers, and where the key and base URL come from.
import { test } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { recordingFetch, useServerAndClient } from "../harness/fixture.mjs";
import { scratchDir } from "../harness/paths.mjs";

const ctx = useServerAndClient();

test("every request carries the bearer key and JSON content type", async () => {
  const wire = recordingFetch();
  const client = ctx.makeClient({ fetch: wire.fetch });
  await client.teammates.list();
  await client.teammates.create({ name: "Headers" });
  for (const call of wire.calls) {
    assert.equal(call.headers.authorization, `Bearer ${ctx.server.apiKey}`);
    assert.match(call.headers["content-type"] ?? "", /application\/json/);
  }
});

test("collection paths end in a slash, sub-resources do not (D2)", async () => {
  const wire = recordingFetch();
  const client = ctx.makeClient({ fetch: wire.fetch });
  const prefix = new URL(ctx.server.baseUrl).pathname;
  const run = await client.runs.create({ message: "What is our MRR?", tools: ["stripe"], stream: false });
  await client.runs.poll(run.id, { interval: 50 });
  await client.runs.reply(run.id, { message: "thanks", stream: false });
  await client.runs.poll(run.id, { interval: 50 });
  await client.teammates.list();
  await client.memories.list({ user_id: "u1" });
  const paths = wire.calls.map((c) => `${c.method} ${c.path.slice(prefix.length)}`);
  assert.ok(paths.includes("POST /runs/"), paths.join("\n"));
  assert.ok(paths.includes(`POST /runs/${run.id}/reply`), paths.join("\n"));
  assert.ok(paths.includes(`GET /runs/${run.id}`), paths.join("\n"));
  assert.ok(paths.includes("GET /teammates/"), paths.join("\n"));
  assert.ok(paths.includes("GET /memories/"), paths.join("\n"));
});

test("run-creating POSTs carry an Idempotency-Key; other POSTs do not", async () => {
  const wire = recordingFetch();
  const client = ctx.makeClient({ fetch: wire.fetch });
  await client.runs.create({ message: "hello", stream: false });
  await client.teammates.create({ name: "No key" });
  const [runPost, matePost] = wire.calls.filter((c) => c.method === "POST");
  assert.match(runPost.headers["idempotency-key"] ?? "", /^[0-9a-f-]{36}$/i, "a fresh UUIDv4 by default");
  assert.equal(matePost.headers["idempotency-key"], undefined);
});

test("defaultHeaders and per-request headers are sent", async () => {
  const wire = recordingFetch();
  const client = ctx.makeClient({ fetch: wire.fetch, defaultHeaders: { "x-trace": "client-wide" } });
  await client.teammates.list(undefined, { headers: { "x-request": "just-this-one" } });
  await client.auth.getUsage();
  assert.equal(wire.calls[0].headers["x-trace"], "client-wide");
  assert.equal(wire.calls[0].headers["x-request"], "just-this-one");
  assert.equal(wire.calls[1].headers["x-trace"], "client-wide");
  assert.equal(wire.calls[1].headers["x-request"], undefined);
});

test("without baseUrl the client calls https://api.m8tes.ai/api/v2 (D1)", async () => {
  // That host is not reachable from here, so this one fetch only records and then fails the way
  // an offline network does.
  const seen = [];
  const offline = async (input, init) => {
    seen.push(new Request(input, init).url);
    throw new TypeError("fetch failed: offline");
  };
  const client = new ctx.pkg.M8tes({ apiKey: "m8_x", fetch: offline, maxRetries: 0 });
  await assert.rejects(client.teammates.list(), ctx.pkg.APIConnectionError);
  assert.deepEqual(seen, ["https://api.m8tes.ai/api/v2/teammates/"]);
});

test("in Node the key and base URL fall back to M8TES_API_KEY and M8TES_BASE_URL", () => {
  const script = `import { M8tes } from "@m8tes/wasm";
const usage = await new M8tes().auth.getUsage();
console.log(JSON.stringify({ plan: usage.plan }));`;
  const out = execFileSync(process.execPath, ["--input-type=module", "-e", script], {
    cwd: scratchDir,
    encoding: "utf8",
    env: { ...process.env, M8TES_API_KEY: ctx.server.apiKey, M8TES_BASE_URL: ctx.server.baseUrl },
  });
  assert.equal(typeof JSON.parse(out.trim()).plan, "string");
});

test("poll past its deadline throws PollTimeoutError", async () => {
  const { client, pkg } = ctx;
  const run = await client.runs.create({ message: "Slowly simulate:slow", stream: false });
  await assert.rejects(client.runs.poll(run.id, { interval: 50, timeout: 300 }), pkg.PollTimeoutError);
  await client.runs.cancel(run.id);
});
