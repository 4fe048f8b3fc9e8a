// Each error status mapped to its class. Statuses the real server produces on its own are
// provoked for real; 402, 403, 429 and 5xx, which it has no honest way to produce on demand,
// are injected by the loopback proxy in front of it.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { recordingFetch, uniqueSuffix, useServerAndClient } from "../harness/fixture.mjs";
import { envelope, startFaultProxy } from "../harness/fault-proxy.mjs";

const ctx = useServerAndClient();
let proxy;
before(async () => {
  await ctx.ready;
  proxy = await startFaultProxy(ctx.server.baseUrl);
});
after(async () => {
  await proxy?.stop();
});

/** Asserts the rejection is exactly `Class`, an APIError, an M8tesError and an Error. */
function isError(Class, status) {
  return (err) => {
    const { M8tesError, APIError } = ctx.pkg;
    assert.ok(err instanceof Class, `expected ${Class.name}, got ${err?.constructor?.name}: ${err?.message}`);
    assert.ok(err instanceof M8tesError && err instanceof Error);
    if (status !== undefined) {
      assert.ok(err instanceof APIError);
      assert.equal(err.status, status);
    }
    assert.equal(typeof err.message, "string");
    assert.ok(err.message.length > 0);
    return true;
  };
}

describe("statuses the server produces", () => {
  test("404 → NotFoundError with request id, method and path", async () => {
    const { client, pkg } = ctx;
    await assert.rejects(client.teammates.get(987654), (err) => {
      isError(pkg.NotFoundError, 404)(err);
      assert.equal(typeof err.requestId, "string");
      assert.ok(err.requestId.length > 0);
      assert.equal(err.method, "GET");
      assert.match(err.path, /\/teammates\/987654$/);
      return true;
    });
  });

  test("401 → AuthenticationError, and the key never appears in the error", async () => {
    const { pkg, makeClient } = ctx;
    const wrongKey = `m8_wrong_${uniqueSuffix()}`;
    await assert.rejects(makeClient({ apiKey: wrongKey }).teammates.list(), (err) => {
      isError(pkg.AuthenticationError, 401)(err);
      assert.ok(!JSON.stringify({ ...err, message: err.message, stack: err.stack }).includes(wrongKey), "no API key in the error");
      return true;
    });
  });

  test("no API key at all → AuthenticationError before anything is sent", async () => {
    const { pkg, server } = ctx;
    const seen = recordingFetch();
    // Thrown by the constructor or by the first call: either way, before any request.
    await assert.rejects(
      async () => new pkg.M8tes({ baseUrl: server.baseUrl, fetch: seen.fetch }).teammates.list(),
      (err) => isError(pkg.AuthenticationError)(err) && /No API key provided/.test(err.message),
    );
    assert.equal(seen.calls.length, 0);
  });

  test("422 and 400 → ValidationError", async () => {
    const { client, pkg } = ctx;
    // plan/approval without human_in_the_loop is refused (wire.md §2.2).
    await assert.rejects(client.runs.create({ message: "x", permission_mode: "plan", stream: false }), isError(pkg.ValidationError, 422));
    await assert.rejects(client.memories.create({ user_id: "u", content: "" }), (err) => {
      isError(pkg.ValidationError)(err);
      assert.ok([400, 422].includes(err.status));
      return true;
    });
  });

  test("409 → ConflictError", async () => {
    const { client, pkg } = ctx;
    const userId = `dup-${uniqueSuffix()}`;
    await client.users.create({ user_id: userId });
    await assert.rejects(client.users.create({ user_id: userId }), isError(pkg.ConflictError, 409));
  });

  test("a refused path segment → ValidationError, nothing sent", async () => {
    const { pkg, makeClient } = ctx;
    const seen = recordingFetch();
    const client = makeClient({ fetch: seen.fetch });
    for (const bad of ["../account", "", "..", "5/messages"]) {
      await assert.rejects(Promise.resolve().then(() => client.users.get(bad)), isError(pkg.ValidationError));
    }
    assert.equal(seen.calls.length, 0);
  });

  test("an unreachable host → APIConnectionError", async () => {
    const { pkg } = ctx;
    const client = new pkg.M8tes({ apiKey: "m8_x", baseUrl: "http://127.0.0.1:9/api/v2", maxRetries: 0 });
    await assert.rejects(client.teammates.list(), isError(pkg.APIConnectionError));
  });
});

describe("statuses injected by the proxy", () => {
  const cases = [
    [402, "BillingError", "billing_error"],
    [403, "PermissionDeniedError", "permission_denied"],
    [429, "RateLimitError", "rate_limit"],
    [500, "InternalServerError", "internal_error"],
    [502, "InternalServerError", "bad_gateway"],
    [503, "InternalServerError", "unavailable"],
    [400, "ValidationError", "invalid_request"],
  ];
  for (const [status, className, type] of cases) {
    test(`${status} → ${className}, envelope fields exposed`, async () => {
      const { pkg, server } = ctx;
      proxy.inject({
        method: "GET",
        path: /\/usage\/?$/,
        action: {
          kind: "respond",
          status,
          headers: status === 429 ? { "retry-after": "7" } : {},
          body: envelope(status, type, `injected ${status}`, { error_code: "INJECTED", details: { hint: "x" }, doc_url: "https://docs.example/e" }),
        },
      });
      const client = new pkg.M8tes({ apiKey: server.apiKey, baseUrl: proxy.baseUrl, maxRetries: 0 });
      await assert.rejects(client.auth.getUsage(), (err) => {
        isError(pkg[className], status)(err);
        assert.equal(err.requestId, `req_proxy_${status}`);
        assert.equal(err.errorCode, "INJECTED");
        assert.deepEqual(err.details, { hint: "x" });
        assert.equal(err.docUrl, "https://docs.example/e");
        assert.match(err.message, new RegExp(`injected ${status}`));
        if (status === 429) assert.equal(err.retryAfter, 7);
        return true;
      });
    });
  }

  test("floats cross as the same numbers: a fractional Retry-After, details, query values", async () => {
    // The npm wasm writes floats in JSON text with JS's String(n), not serde_json's printer.
    const { pkg, server } = ctx;
    const details = { ratio: 0.1, third: 1 / 3, big: 1e21, tiny: 5e-324, negative: -2.5, max: Number.MAX_VALUE };
    proxy.inject({
      method: "GET",
      path: /\/usage\/?$/,
      action: { kind: "respond", status: 429, headers: { "retry-after": "1.25" }, body: envelope(429, "rate_limit_error", "slow down", { details }) },
    });
    const client = new pkg.M8tes({ apiKey: server.apiKey, baseUrl: proxy.baseUrl, maxRetries: 0 });
    await assert.rejects(client.auth.getUsage(), (err) => {
      isError(pkg.RateLimitError, 429)(err);
      assert.equal(err.retryAfter, 1.25);
      assert.deepEqual(err.details, details);
      return true;
    });
    const seen = recordingFetch();
    const recording = new pkg.M8tes({ apiKey: server.apiKey, baseUrl: server.baseUrl, fetch: seen.fetch, maxRetries: 0 });
    await recording.runs.list({ limit: 2.5, starting_after: 1e21 }).catch(() => {});
    const query = new URLSearchParams(seen.calls[0].search);
    assert.equal(Number(query.get("limit")), 2.5);
    assert.equal(Number(query.get("starting_after")), 1e21);
  });

  test("an HTML body says the host does not serve the API (D7)", async () => {
    const { pkg, server } = ctx;
    proxy.inject({ method: "GET", path: /\/usage\/?$/, action: { kind: "respond", status: 404, headers: { "content-type": "text/html" }, body: "<html><body>Not here</body></html>" } });
    const client = new pkg.M8tes({ apiKey: server.apiKey, baseUrl: proxy.baseUrl, maxRetries: 0 });
    await assert.rejects(client.auth.getUsage(), (err) => {
      isError(pkg.NotFoundError, 404)(err);
      assert.match(err.message, /baseUrl/);
      return true;
    });
  });

  test("a {detail} body and an empty body still map by status", async () => {
    const { pkg, server } = ctx;
    proxy.inject({ method: "GET", path: /\/usage\/?$/, action: { kind: "respond", status: 409, body: { detail: "legacy conflict" } } });
    proxy.inject({ method: "GET", path: /\/settings\/?$/, action: { kind: "respond", status: 403, body: "" } });
    const client = new pkg.M8tes({ apiKey: server.apiKey, baseUrl: proxy.baseUrl, maxRetries: 0 });
    await assert.rejects(client.auth.getUsage(), (err) => isError(pkg.ConflictError, 409)(err) && /legacy conflict/.test(err.message));
    await assert.rejects(client.settings.get(), isError(pkg.PermissionDeniedError, 403));
  });
});
