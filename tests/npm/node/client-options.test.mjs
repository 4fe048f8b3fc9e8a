// Client options that shape every request: `fetchOptions` (merged into each fetch's init) and
// logging (`logger`, `logLevel`, `M8TES_LOG`).
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

/** A logger that keeps every line as `level text`. */
function recordingLogger() {
  const lines = [];
  const at = (level) => (...parts) => lines.push(`${level} ${parts.map(String).join(" ")}`);
  return { logger: { debug: at("debug"), info: at("info"), warn: at("warn"), error: at("error") }, lines };
}

test("logging: each request, a retry and its reason, stream start and end; never the key or a secret", async () => {
  const { logger, lines } = recordingLogger();
  const wire = observingFetch(1);
  const client = ctx.makeClient({ fetch: wire.fetch, logger, logLevel: "debug" });
  await client.teammates.list(undefined, { maxRetries: 1 });
  const hook = await client.webhooks.create({ url: "http://127.0.0.1:9/hook", events: ["run.completed"] });
  await collect(client.runs.create({ message: "hello" }));
  const text = lines.join("\n");
  assert.match(text, /^info \[m8tes\] GET \/\S*teammates\/ 503 in \d+ms/m);
  assert.match(text, /^warn \[m8tes\] retrying GET \/\S*teammates\/: 503$/m);
  assert.match(text, /^info \[m8tes\] GET \/\S*teammates\/ 200 in \d+ms \(request id \S+\)$/m);
  assert.match(text, /^info \[m8tes\] stream started: POST \/\S*runs\/$/m);
  assert.match(text, /^info \[m8tes\] stream ended: POST \/\S*runs\/ in \d+ms$/m);
  assert.match(text, /^debug \[m8tes\] GET \/\S*teammates\/ .*authorization: \*\*\*/im);
  assert.ok(hook.secret, "the server returned a secret to look for");
  for (const line of lines) {
    assert.ok(!line.includes(ctx.server.apiKey), `the API key in: ${line}`);
    assert.ok(!line.includes("Bearer"), `the Authorization header in: ${line}`);
    assert.ok(!line.includes(hook.secret), `the webhook secret in: ${line}`);
  }
});

test("logging: M8TES_LOG sets the level in Node, `logLevel` overrides it, a bad level is an M8tesError", async () => {
  const { logger, lines } = recordingLogger();
  process.env.M8TES_LOG = "info";
  try {
    await ctx.makeClient({ logger }).teammates.list();
    assert.ok(lines.some((l) => l.startsWith("info [m8tes] GET")), lines.join("\n"));
    lines.length = 0;
    await ctx.makeClient({ logger, logLevel: "warn" }).teammates.list();
    assert.deepEqual(lines, [], "warn, the default, is silent when nothing goes wrong");
  } finally {
    delete process.env.M8TES_LOG;
  }
  assert.throws(() => ctx.makeClient({ logLevel: "verbose" }), ctx.pkg.M8tesError);
});
