// Retries, idempotency, rate limits, dropped and silent streams, and aborts, proven through a
// fault-injecting proxy between the installed package and the real server.
import { after, before, beforeEach, describe, test } from "node:test";
import assert from "node:assert/strict";
import { collect, uniqueSuffix, useServerAndClient, watchStrayRejections } from "../harness/fixture.mjs";
import { envelope, startFaultProxy } from "../harness/fault-proxy.mjs";

const ctx = useServerAndClient();
let proxy;
/** A client whose every request passes through the proxy. */
const viaProxy = (options = {}) => new ctx.pkg.M8tes({ apiKey: ctx.server.apiKey, baseUrl: proxy.baseUrl, ...options });

before(async () => {
  await ctx.ready;
  proxy = await startFaultProxy(ctx.server.baseUrl);
});
beforeEach(() => proxy.reset());
after(async () => {
  await proxy?.stop();
});

const RUNS = /^\/api\/v2\/runs\/?(\?|$)/;
const TEAMMATES = /^\/api\/v2\/teammates\/?(\?|$)/;
const isData = (predicate) => (frame) => {
  const line = frame.split("\n").find((l) => l.startsWith("data:"));
  if (!line) return false;
  try {
    return predicate(JSON.parse(line.slice(5)));
  } catch {
    return false;
  }
};

describe("retries", () => {
  test("a GET answered 503 then 200 is retried and succeeds", async () => {
    proxy.inject({ method: "GET", path: TEAMMATES, action: { kind: "respond", status: 503, body: envelope(503, "unavailable", "try later") } });
    const page = await viaProxy().teammates.list();
    assert.ok(Array.isArray(page.data));
    const attempts = proxy.requests("GET", TEAMMATES);
    assert.deepEqual(attempts.map((a) => a.outcome), ["respond", "forward"]);
  });

  test("a GET failing every time stops after 3 attempts with the last status", async () => {
    proxy.inject({ method: "GET", path: TEAMMATES, times: 10, action: { kind: "respond", status: 502, body: envelope(502, "bad_gateway", "down") } });
    await assert.rejects(viaProxy().teammates.list(), (err) => err instanceof ctx.pkg.InternalServerError && err.status === 502);
    assert.equal(proxy.requests("GET", TEAMMATES).length, 3, "maxRetries 2 → 3 attempts (D5)");
  });

  test("per-request maxRetries and timeout override the client's", async () => {
    proxy.inject({ method: "GET", path: TEAMMATES, times: 10, action: { kind: "respond", status: 503, body: envelope(503, "unavailable", "down") } });
    await assert.rejects(viaProxy({ maxRetries: 2 }).teammates.list(undefined, { maxRetries: 0 }), ctx.pkg.InternalServerError);
    assert.equal(proxy.requests("GET", TEAMMATES).length, 1);
    proxy.reset();
    proxy.inject({ method: "GET", path: /\/usage\/?$/, action: { kind: "hang" } });
    const started = Date.now();
    await assert.rejects(viaProxy({ timeout: 60_000, maxRetries: 0 }).auth.getUsage({ timeout: 300 }), ctx.pkg.APITimeoutError);
    assert.ok(Date.now() - started < 5_000);
  });

  test("a POST without an idempotency key is never retried, even though the server did the work", async () => {
    const name = `once-${uniqueSuffix()}`;
    proxy.inject({ method: "POST", path: TEAMMATES, action: { kind: "forward-then-respond", status: 503, body: envelope(503, "unavailable", "lost answer") } });
    await assert.rejects(viaProxy().teammates.create({ name }), (err) => err instanceof ctx.pkg.InternalServerError && err.status === 503);
    assert.equal(proxy.requests("POST", TEAMMATES).length, 1);
    const onServer = (await ctx.server.api("/teammates/?limit=100")).json.data.filter((t) => t.name === name);
    assert.equal(onServer.length, 1, "exactly one teammate: a retry would have made two");
  });

  test("a POST whose connection dies is not retried either", async () => {
    proxy.inject({ method: "POST", path: TEAMMATES, action: { kind: "reset" } });
    await assert.rejects(viaProxy().teammates.create({ name: `reset-${uniqueSuffix()}` }), ctx.pkg.APIConnectionError);
    assert.equal(proxy.requests("POST", TEAMMATES).length, 1);
  });

  test("run creation is retried with the same Idempotency-Key and creates one run", async () => {
    const message = `Idempotent hello ${uniqueSuffix()}`;
    proxy.inject({ method: "POST", path: RUNS, action: { kind: "forward-then-respond", status: 503, body: envelope(503, "unavailable", "lost answer") } });
    const run = await viaProxy().runs.create({ message, stream: false });
    const posts = proxy.requests("POST", RUNS);
    assert.equal(posts.length, 2);
    const keys = posts.map((p) => p["headers"]["idempotency-key"]);
    assert.ok(keys[0] && keys[0].length >= 16, `a generated key was sent: ${keys[0]}`);
    assert.equal(keys[1], keys[0], "the retry carries the same key");
    const runs = (await ctx.server.api("/runs/?limit=100")).json.data;
    const matching = runs.filter((r) => r.id === run.id);
    assert.equal(matching.length, 1);
    // The message is not on the Run object, so count runs created since: exactly this one.
    const newer = runs.filter((r) => r.id >= run.id);
    assert.deepEqual(newer.map((r) => r.id), [run.id], "one run, not two");
  });

  test("run creation is retried after a dropped connection too, with the same key", async () => {
    proxy.inject({ method: "POST", path: RUNS, action: { kind: "reset" } });
    const run = await viaProxy().runs.create({ message: `After a reset ${uniqueSuffix()}`, stream: false });
    const posts = proxy.requests("POST", RUNS);
    assert.deepEqual(posts.map((p) => p.outcome), ["reset", "forward"]);
    assert.equal(posts[1].headers["idempotency-key"], posts[0].headers["idempotency-key"]);
    assert.equal((await ctx.server.api(`/runs/${run.id}`)).status, 200);
  });

  test("a streaming run creation whose answer is lost is replayed and joined live (wire.md §9.4)", async () => {
    proxy.inject({ method: "POST", path: RUNS, action: { kind: "forward-then-respond", early: true, status: 503, body: envelope(503, "unavailable", "lost answer") } });
    const stream = viaProxy().runs.create({ message: "Say hello simulate:slow" });
    const events = await collect(stream);
    const posts = proxy.requests("POST", RUNS);
    assert.equal(posts.length, 2);
    assert.equal(posts[1].headers["idempotency-key"], posts[0].headers["idempotency-key"]);
    assert.equal(events.at(-1).type, "done");
    const runs = (await ctx.server.api("/runs/?limit=100")).json.data;
    assert.deepEqual(runs.filter((r) => r.id >= stream.runId).map((r) => r.id), [stream.runId], "one run, not two");
    assert.equal(proxy.requests("GET", new RegExp(`/runs/${stream.runId}/stream`)).length, 1, "joined through GET /runs/{id}/stream");
    assert.equal(stream.text, (await ctx.server.waitForRun(stream.runId)).output);
  });

  test("a lost streaming answer whose run already ended is a ConflictError, not a second run", async () => {
    proxy.inject({ method: "POST", path: RUNS, action: { kind: "forward-then-respond", status: 503, body: envelope(503, "unavailable", "lost answer") } });
    const stream = viaProxy().runs.create({ message: "What is our MRR?", tools: ["stripe"] });
    await assert.rejects(collect(stream), (err) => {
      assert.ok(err instanceof ctx.pkg.ConflictError, `${err.constructor.name}: ${err.message}`);
      assert.equal(err.code, "idempotent_replay_terminal");
      assert.equal(err.status, null, "no response said 409: the client refused the replay");
      assert.equal(typeof err.runId, "number");
      return true;
    });
    const posts = proxy.requests("POST", RUNS);
    assert.equal(posts.length, 2);
    assert.equal(posts[1].headers["idempotency-key"], posts[0].headers["idempotency-key"]);
  });

  test("a caller's idempotencyKey is sent as given", async () => {
    const key = `key-${uniqueSuffix()}`;
    const first = await viaProxy().runs.create({ message: "same", stream: false }, { idempotencyKey: key });
    const second = await viaProxy().runs.create({ message: "same", stream: false }, { idempotencyKey: key });
    assert.equal(second.id, first.id, "the server replays the first run for a repeated key");
    assert.deepEqual(proxy.requests("POST", RUNS).map((p) => p.headers["idempotency-key"]), [key, key]);
  });

  test("429 with Retry-After is waited out, then succeeds", async () => {
    proxy.inject({ method: "GET", path: /\/usage\/?$/, action: { kind: "respond", status: 429, headers: { "retry-after": "1" }, body: envelope(429, "rate_limit", "slow down") } });
    const usage = await viaProxy().auth.getUsage();
    assert.equal(typeof usage.plan, "string");
    const [first, second] = proxy.requests("GET", /\/usage\/?$/);
    const gap = second.at - first.at;
    // 1 s from Retry-After, where the backoff alone would be 0.5–0.625 s.
    assert.ok(gap >= 950, `retried after ${gap.toFixed(0)} ms`);
  });

  test("429 with retries exhausted → RateLimitError.retryAfter in seconds", async () => {
    proxy.inject({ method: "GET", path: /\/usage\/?$/, action: { kind: "respond", status: 429, headers: { "retry-after": "3" }, body: envelope(429, "rate_limit", "slow down") } });
    await assert.rejects(viaProxy({ maxRetries: 0 }).auth.getUsage(), (err) => {
      assert.ok(err instanceof ctx.pkg.RateLimitError);
      assert.equal(err.status, 429);
      assert.equal(err.retryAfter, 3);
      return true;
    });
    assert.equal(proxy.requests("GET", /\/usage\/?$/).length, 1);
  });
});

describe("streams", () => {
  test("a connection dropped mid-stream → StreamInterruptedError with the run id; runs.stream(runId) delivers the rest", async () => {
    const { pkg } = ctx;
    const stray = watchStrayRejections();
    proxy.inject({ method: "POST", path: RUNS, action: { kind: "drop-after", frame: isData((e) => e.type === "text-delta") } });
    const client = viaProxy();
    const stream = client.runs.create({ message: "Say hello simulate:slow" });
    const before = [];
    let caught;
    try {
      for await (const event of stream) before.push(event);
    } catch (err) {
      caught = err;
    }
    assert.ok(caught, `the stream ended without an error after ${before.map((e) => e.type).join(",")}`);
    assert.ok(caught instanceof pkg.StreamInterruptedError, `${caught.constructor.name}: ${caught.message}`);
    assert.ok(caught instanceof pkg.M8tesError);
    const runId = before.find((e) => e.type === "metadata").payload.run_id;
    assert.equal(caught.runId, runId);
    assert.ok(before.some((e) => e.type === "text-delta"), "some text arrived before the cut");
    const partial = stream.text;

    const rejoined = client.runs.stream(runId);
    const rest = await collect(rejoined);
    assert.equal(rest.at(-1).type, "done");
    const run = await ctx.server.waitForRun(runId);
    assert.equal(run.status, "completed");
    assert.equal(rejoined.text, run.output, "the rejoined stream replays history and goes live to the end");
    assert.ok(run.output.startsWith(partial), "what arrived before the cut is a prefix of the run's text");
    assert.ok(proxy.requests("GET", new RegExp(`/runs/${runId}/stream`)).length === 1);
    await stray.check(assert);
  });

  test("an AbortSignal stops a stream and closes the connection", async () => {
    const { pkg } = ctx;
    const stray = watchStrayRejections();
    const controller = new AbortController();
    const stream = viaProxy().runs.create({ message: "Long one simulate:slow", tools: ["gmail"] }, { signal: controller.signal });
    let events = 0;
    await assert.rejects(
      (async () => {
        for await (const event of stream) {
          events++;
          if (event.type === "text-delta") controller.abort();
        }
      })(),
      (err) => {
        assert.ok(err instanceof pkg.APIUserAbortError, `${err.constructor.name}: ${err.message}`);
        return true;
      },
    );
    assert.ok(events >= 1);
    await new Promise((r) => setTimeout(r, 100));
    const [post] = proxy.requests("POST", RUNS);
    assert.equal(post.clientClosedEarly, true, "the package closed the connection before the run ended");
    await stray.check(assert);
  });

  test("abort() on the stream object stops it too", async () => {
    const stray = watchStrayRejections();
    const stream = viaProxy().runs.create({ message: "Another long one simulate:slow" });
    let events = 0;
    let threw = null;
    try {
      for await (const event of stream) {
        events++;
        if (event.type === "text-delta") stream.abort();
      }
    } catch (err) {
      threw = err;
    }
    assert.ok(events >= 1);
    assert.ok(threw === null || threw instanceof ctx.pkg.APIUserAbortError, String(threw));
    await new Promise((r) => setTimeout(r, 100));
    assert.equal(proxy.requests("POST", RUNS)[0].clientClosedEarly, true);
    await stray.check(assert);
  });

  test("a silent server trips the idle timeout", async () => {
    const { pkg } = ctx;
    const stray = watchStrayRejections();
    proxy.inject({ method: "POST", path: RUNS, action: { kind: "stall-after", frame: isData((e) => e.type === "metadata") } });
    const started = Date.now();
    const stream = viaProxy({ timeout: 800 }).runs.create({ message: "Say hello simulate:slow" });
    await assert.rejects(collect(stream), (err) => {
      // An idle stream is a timeout; the package may report it as such or as an interrupted stream.
      assert.ok(err instanceof pkg.APITimeoutError || err instanceof pkg.StreamInterruptedError, `${err.constructor.name}: ${err.message}`);
      return true;
    });
    const took = Date.now() - started;
    assert.ok(took < 10_000, `gave up after ${took} ms, not hung`);
    await stray.check(assert);
  });

  test("a server that never answers trips the request timeout", async () => {
    proxy.inject({ method: "GET", path: TEAMMATES, times: 5, action: { kind: "hang" } });
    await assert.rejects(viaProxy({ timeout: 500, maxRetries: 0 }).teammates.list(), ctx.pkg.APITimeoutError);
  });

  test("keepalive comments during a pause longer than the idle timeout keep the stream alive", async () => {
    proxy.inject({ method: "POST", path: RUNS, action: { kind: "keepalive-pause", pauseMs: 2_000, everyMs: 250 } });
    const stream = viaProxy({ timeout: 1_000 }).runs.create({ message: "What is our MRR?", tools: ["stripe"] });
    const events = await collect(stream);
    assert.equal(events.at(-1).type, "done");
    const run = await ctx.server.waitForRun(stream.runId);
    assert.equal(stream.text, run.output);
  });
});

describe("an abort does not wait out a pause", () => {
  test("during a retry's Retry-After backoff", async () => {
    proxy.inject({
      method: "GET",
      path: TEAMMATES,
      action: { kind: "respond", status: 503, headers: { "retry-after": "30" }, body: envelope(503, "unavailable", "later") },
    });
    const controller = new AbortController();
    const started = Date.now();
    const listing = viaProxy().teammates.list(undefined, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(listing, ctx.pkg.APIUserAbortError);
    assert.ok(Date.now() - started < 5_000, "rejected at the abort, not after the 30 s Retry-After");
    assert.equal(proxy.requests("GET", TEAMMATES).length, 1, "no attempt after the abort");
  });

  test("during wait's interval between polls", async () => {
    const client = viaProxy();
    const run = await client.runs.create({
      message: "Email the team about the launch",
      tools: ["gmail"],
      human_in_the_loop: true,
      permission_mode: "approval",
      stream: false,
    });
    const controller = new AbortController();
    const started = Date.now();
    // No onApproval: the run stays at its gate, so wait polls every 20 s until aborted.
    const waiting = client.runs.wait(run.id, { interval: 20_000, timeout: 60_000 }, { signal: controller.signal });
    setTimeout(() => controller.abort(), 300);
    await assert.rejects(waiting, ctx.pkg.APIUserAbortError);
    assert.ok(Date.now() - started < 5_000, "rejected at the abort, not after the 20 s interval");
  });
});
