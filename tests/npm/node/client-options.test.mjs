// Client options that shape every request: `fetchOptions` (merged into each fetch's init).
import { test } from "node:test";
import assert from "node:assert/strict";
import { collect, useServerAndClient } from "../harness/fixture.mjs";

const ctx = useServerAndClient();

/** A fetch that records each init, answering the first `failures` calls with a 503. */
function observingFetch(failures = 0) {
  const inits = [];
  const fetch = async (url, init) => {
    inits.push(init);
    if (inits.length <= failures) return new Response("{}", { status: 503 });
    return globalThis.fetch(url, init);
  };
  return { fetch, inits };
}

test("fetchOptions reach every fetch, retries and streams included; the client's own keys win", async () => {
  const wire = observingFetch(1);
  const client = ctx.makeClient({
    fetch: wire.fetch,
    fetchOptions: { keepalive: true, cf: { cacheTtl: 5 }, method: "PUT", body: "ignored" },
  });
  await client.teammates.list(undefined, { maxRetries: 1 });
  assert.equal(wire.inits.length, 2, "a 503 and its retry");
  await collect(client.runs.create({ message: "hello" }));
  assert.ok(wire.inits.length >= 3);
  for (const init of wire.inits) {
    assert.equal(init.keepalive, true);
    assert.deepEqual(init.cf, { cacheTtl: 5 });
    assert.notEqual(init.method, "PUT", "the client's method wins");
    assert.notEqual(init.body, "ignored", "fetchOptions never sets the body");
    assert.ok(init.signal, "the client's signal is kept");
  }
});
