// Arguments of the wrong kind, from JS: each is refused with a typed error (or, for
// verifySignature, `false`), never a wasm trap or a stray TypeError, and the module keeps
// working afterwards.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { collect, recordingFetch, useServerAndClient } from "../harness/fixture.mjs";

const ctx = useServerAndClient();

/** The rejection (or throw) is a ValidationError from the package. */
const validation = (err) => {
  assert.ok(err instanceof ctx.pkg.ValidationError, `expected ValidationError, got ${err?.constructor?.name}: ${err?.message}`);
  return true;
};

describe("client methods", () => {
  test("ids that are not strings or integers are refused before sending", async () => {
    const { client } = ctx;
    for (const id of [null, {}, 1e300, NaN, 10n, 1.5]) {
      await assert.rejects(client.teammates.get(id), validation, `id ${String(id)}`);
    }
    await assert.rejects(client.runs.wait(null), validation);
    // Nothing was sent, so there is no status (index.d.ts: `number | null`).
    await assert.rejects(client.users.get("../x"), (err) => validation(err) && err.status === null);
  });

  test("parameters that are not an object, or not JSON, are a ValidationError", async () => {
    const { client } = ctx;
    await assert.rejects(client.teammates.create(5), validation);
    await assert.rejects(client.teammates.create([1]), validation);
    await assert.rejects(client.teammates.create({ name: "big", metadata: { n: 1n } }), validation);
    const cycle = {};
    cycle.self = cycle;
    await assert.rejects(client.teammates.create(cycle), validation);
    // A list's first page goes out inside the PagePromise, so its bad parameters reject it.
    await assert.rejects(client.runs.list({ teammate_id: 2n }), validation);
    assert.throws(() => client.runs.create({ message: "x", metadata: { n: 1n } }), validation);
    // null parameters are no parameters: the server then names what is missing.
    await assert.rejects(collect(client.runs.create(null)), (err) => validation(err) && err.status === 422);
  });

  test("a timeout longer than a timer can hold is not an instant one", async () => {
    // Hosts run a setTimeout of more than 2^31 - 1 ms after 1 ms; the client must not.
    for (const timeout of [2 ** 31, Number.MAX_SAFE_INTEGER, 1e300]) {
      const seen = recordingFetch();
      const client = ctx.makeClient({ timeout, maxRetries: 0, fetch: seen.fetch });
      assert.ok(Array.isArray((await client.teammates.list()).data), `timeout ${timeout}`);
      assert.ok(Array.isArray((await ctx.client.teammates.list(undefined, { timeout, maxRetries: 0 })).data));
      assert.equal(seen.calls.length, 1);
    }
  });

  test("headers of the wrong shape are skipped, and the call still succeeds", async () => {
    const { client } = ctx;
    for (const headers of [null, 5, "x-a: b", [1, null, "ab"], [[null, null]], [["x-ok", 5]]]) {
      const page = await client.teammates.list(undefined, { headers });
      assert.ok(Array.isArray(page.data), `headers ${JSON.stringify(headers)}`);
    }
    const other = ctx.makeClient({ defaultHeaders: [null, 7] });
    assert.ok(Array.isArray((await other.teammates.list()).data));
  });
});

describe("Webhooks", () => {
  const body = JSON.stringify({ event_id: "evt_1", event: "run.completed", created_at: "2026-01-01T00:00:00Z", run_id: 1, data: {} });

  test("verifySignature answers false for anything malformed, never throws", () => {
    const { Webhooks } = ctx.pkg;
    const headers = Webhooks.sign({ body, secret: "s" });
    for (const args of [undefined, null, 5, {}, { body: null, headers: null, secret: null },
      { body, headers: [5, null, "ab"], secret: "s" }, { body, headers: [[null]], secret: "s" },
      { body, headers, secret: 5 }, { body: 5, headers, secret: "s" }]) {
      assert.equal(Webhooks.verifySignature(args), false, JSON.stringify(args));
    }
    assert.equal(Webhooks.verifySignature({ body, headers, secret: "s" }), true);
  });

  test("unwrap: bad headers are missing_header, a non-string secret a ValidationError", () => {
    const { Webhooks, WebhookVerificationError } = ctx.pkg;
    for (const headers of [null, 5, [5, null], [[null]]]) {
      assert.throws(() => Webhooks.unwrap(body, headers, "s"), (err) => {
        assert.ok(err instanceof WebhookVerificationError, `${err?.constructor?.name}: ${err?.message}`);
        assert.equal(err.reason, "missing_header");
        return true;
      });
    }
    assert.throws(() => Webhooks.unwrap(body, {}, 5), validation);
    assert.throws(() => Webhooks.unwrap(body, {}, null), validation);
    // A null options object means the defaults.
    const signed = Webhooks.sign({ body, secret: "s" });
    assert.equal(Webhooks.unwrap(body, signed, "s", null).event_id, "evt_1");
  });

  test("sign refuses what it cannot sign with a ValidationError, and stays usable", () => {
    const { Webhooks } = ctx.pkg;
    for (const args of [undefined, null, { body: null, secret: null }, { body, secret: 5 },
      { body, secret: "s", id: 5 }, { body, secret: "s", timestamp: NaN }, { body, secret: "s", timestamp: {} }]) {
      assert.throws(() => Webhooks.sign(args), validation, JSON.stringify(args));
    }
    const headers = Webhooks.sign({ body, secret: "s", id: "msg_1", timestamp: 1700000000.9 });
    assert.equal(headers["Webhook-Id"], "msg_1");
    assert.equal(headers["Webhook-Timestamp"], "1700000000");
    assert.equal(Webhooks.verifySignature({ body, headers, secret: "s" }), true);
  });
});
