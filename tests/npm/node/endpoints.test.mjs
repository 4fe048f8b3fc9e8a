// `npm/src/client.js` offers every endpoint of the Rust client's table, and calls that endpoint:
// each method, called with ids and a recording `fetch`, sends the table's method and path.
// Adding a row to `crates/client-wasm/src/endpoint.rs` without a JS method fails here.
import { test } from "node:test";
import assert from "node:assert/strict";
import { endpointTable, PACKAGE_FUNCTIONS } from "../harness/endpoints.mjs";
import { loadPackage } from "../harness/package.mjs";

/** The function an endpoint's JS name reaches: `client.tasks.triggers.create`, or a package export. */
function method(pkg, client, name) {
  if (PACKAGE_FUNCTIONS[name]) return pkg[PACKAGE_FUNCTIONS[name]];
  return name.split(".").reduce((at, key) => (at == null ? undefined : at[key]), client);
}

/** A `fetch` that answers every request with `body` and remembers what was asked. */
function answering(body) {
  const seen = [];
  const fetch = async (url, init) => {
    seen.push({ method: init.method, url: String(url) });
    const status = body === null ? 204 : 200;
    const headers = { "content-type": body && body.startsWith("event:") ? "text/event-stream" : "application/json" };
    return new Response(body, { status, headers });
  };
  return { fetch, seen };
}

const ANSWERS = {
  Json: "{}",
  Empty: null,
  Bytes: "file",
  Page: '{"data":[],"has_more":false}',
  Items: "[]",
  Events: 'event: done\ndata: {"type":"done"}\n\n',
};

/** Arguments after the ids: what a call of this endpoint needs to send at all. */
const PARAMS = {
  "runs.create": { message: "m", stream: false },
  "runs.reply": { message: "m", stream: false },
  "tasks.run": { stream: false },
  "runs.updatePermissionMode": "plan",
  "auth.getToken": { email: "a@example.com", password: "p" },
  "auth.signup": { email: "a@example.com", password: "p", first_name: "A" },
};

test("the endpoint table is read whole", () => {
  const table = endpointTable();
  assert.ok(table.length >= 50, `only ${table.length} endpoints read`);
  assert.equal(new Set(table.map((e) => e.name)).size, table.length, "endpoint names are unique");
});

test("every endpoint of the table is a method of the package", async () => {
  const pkg = await loadPackage();
  const client = new pkg.M8tes({ apiKey: "k", baseUrl: "http://127.0.0.1:9/api/v2", fetch: answering("{}").fetch });
  const missing = endpointTable().filter(({ name }) => typeof method(pkg, client, name) !== "function");
  assert.deepEqual(missing.map((e) => e.name), [], "endpoints without a method in npm/src/client.js");
});

test("each method sends its endpoint's method and path", async () => {
  const pkg = await loadPackage();
  const base = "http://127.0.0.1:9/api/v2";
  for (const { name, method: verb, template, answer } of endpointTable()) {
    const { fetch, seen } = answering(ANSWERS[answer]);
    const client = new pkg.M8tes({ apiKey: "k", baseUrl: base, fetch, maxRetries: 0 });
    const ids = template.split("{}").slice(1).map((_, i) => `${i + 7}`);
    const call = method(pkg, client, name);
    const args = PACKAGE_FUNCTIONS[name] ? [PARAMS[name], { baseUrl: base, fetch }] : [...ids, PARAMS[name]];
    // Only the request matters here; what the client makes of a canned answer does not.
    let failure = "";
    try {
      const result = call(...args);
      if (result instanceof Promise) await result;
      // A run stream sends its request when read.
      else for await (const _ of result);
    } catch (err) {
      failure = ` (the call failed: ${err.message})`;
    }
    assert.equal(seen.length, 1, `${name}: ${seen.length} requests${failure}`);
    const path = template.replace(/\{\}/g, () => ids.shift() ?? "");
    assert.equal(seen[0].method, verb, `${name}: method`);
    assert.equal(new URL(seen[0].url).pathname, new URL(base + path).pathname, `${name}: path`);
  }
});
