// The response behind a result, as openai-node users expect it: every object result carries
// its request id (`_request_id`, not enumerable), `.withResponse()` adds the Response, and
// `.asResponse()` hands out the Response with its body unread. Against the real server.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { recordingFetch, uniqueSuffix, useServerAndClient } from "../harness/fixture.mjs";

const ctx = useServerAndClient();

/** A fetch that keeps every Response it hands to the package, to compare request ids with. */
function keepingFetch() {
  const responses = [];
  const fetch = async (url, init) => {
    const response = await globalThis.fetch(url, init);
    responses.push(response);
    return response;
  };
  return { fetch, responses };
}

const seen = (responses) => responses.at(-1).headers.get("x-request-id");

describe("request ids on results", () => {
  test("an object result carries the response's X-Request-Id, out of JSON and spreads", async () => {
    const { fetch, responses } = keepingFetch();
    const client = ctx.makeClient({ fetch });
    const mate = await client.teammates.create({ name: `rid-${uniqueSuffix()}` });
    assert.equal(typeof mate._request_id, "string");
    assert.ok(mate._request_id.length > 0);
    assert.equal(mate._request_id, seen(responses));
    assert.ok(!Object.keys(mate).includes("_request_id"));
    assert.ok(!JSON.stringify(mate).includes("_request_id"));
    assert.ok(!("_request_id" in { ...mate }));

    const got = await client.teammates.get(mate.id);
    assert.equal(got._request_id, seen(responses));
    assert.notEqual(got._request_id, mate._request_id, "each request has its own id");
  });

  test("arrays, pages and bytes carry it too", async () => {
    const { fetch, responses } = keepingFetch();
    const client = ctx.makeClient({ fetch });
    const run = await client.runs.createAndWait({ message: "Export a report of this month's MRR", tools: ["stripe"] });
    const files = await client.runs.listFiles(run.id);
    assert.ok(Array.isArray(files));
    assert.equal(files._request_id, seen(responses));
    const bytes = await client.runs.downloadFile(run.id, files[0].name);
    assert.ok(bytes instanceof Uint8Array);
    assert.equal(bytes._request_id, seen(responses));
    for (const n of [1, 2]) await client.teammates.create({ name: `page-${n}-${uniqueSuffix()}` });
    const page = await client.teammates.list({ limit: 1 });
    assert.ok(page.hasNextPage());
    assert.equal(page._request_id, seen(responses));
    const next = await page.getNextPage();
    assert.equal(next._request_id, seen(responses));
  });
});

describe("run streams", () => {
  test("a RunStream has the request id of the response it streams, once it has begun", async () => {
    const { fetch, responses } = keepingFetch();
    const client = ctx.makeClient({ fetch });
    const stream = client.runs.create({ message: "hello" });
    assert.equal(stream.requestId, null);
    await stream.started();
    assert.equal(typeof stream.requestId, "string");
    assert.equal(stream.requestId, seen(responses));
    await stream.finalText();
  });
});

describe("withResponse()", () => {
  test("gives the parsed data, the Response and its request id", async () => {
    const { client, pkg } = ctx;
    const promise = client.teammates.create({ name: `wr-${uniqueSuffix()}` });
    assert.ok(promise instanceof pkg.APIPromise);
    const { data, response, request_id } = await promise.withResponse();
    assert.ok(response instanceof Response);
    assert.equal(response.status, 201);
    assert.match(response.headers.get("content-type"), /application\/json/);
    assert.equal(request_id, response.headers.get("x-request-id"));
    assert.equal(data._request_id, request_id);
    assert.equal(typeof data.id, "number");
    // The same promise awaited again gives the same result, from one request.
    assert.equal((await promise).id, data.id);
  });

  test("works on lists, where the data is the Page, and on the derived results", async () => {
    const { client, pkg } = ctx;
    const listed = client.teammates.list({ limit: 2 });
    assert.ok(listed instanceof pkg.PagePromise && listed instanceof pkg.APIPromise);
    const { data: page, response } = await listed.withResponse();
    assert.ok(page instanceof pkg.Page);
    assert.equal(response.status, 200);
    const verified = await client.auth.isVerified().withResponse();
    assert.equal(typeof verified.data, "boolean");
    assert.equal(verified.response.status, 200);
    assert.equal(typeof verified.request_id, "string");
  });

  test("a failed request rejects with the typed error", async () => {
    const { client, pkg } = ctx;
    await assert.rejects(client.teammates.get(987654).withResponse(), pkg.NotFoundError);
    await assert.rejects(client.teammates.get(987654).asResponse(), pkg.NotFoundError);
  });
});

describe("asResponse()", () => {
  test("hands out the Response with its body unread", async () => {
    const { client } = ctx;
    const mate = await client.teammates.create({ name: `ar-${uniqueSuffix()}` });
    const response = await client.teammates.get(mate.id).asResponse();
    assert.ok(response instanceof Response);
    assert.equal(response.status, 200);
    assert.equal(response.bodyUsed, false);
    assert.equal(typeof response.headers.get("x-request-id"), "string");
    assert.equal((await response.json()).id, mate.id);
  });

  test("a file comes as its bytes, unread", async () => {
    const { client } = ctx;
    const run = await client.runs.createAndWait({ message: "Export a report of this month's MRR", tools: ["stripe"] });
    const [file] = await client.runs.listFiles(run.id);
    const response = await client.runs.downloadFile(run.id, file.name).asResponse();
    assert.equal((await response.arrayBuffer()).byteLength, file.size);
  });
});

describe("the request goes out at the call", () => {
  test("an unawaited call is still sent, once", async () => {
    const { fetch, calls } = recordingFetch();
    const client = ctx.makeClient({ fetch });
    const name = `fire-${uniqueSuffix()}`;
    client.teammates.create({ name });
    const deadline = Date.now() + 5000;
    while (calls.length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
    assert.equal(calls.length, 1);
    assert.equal(calls[0].method, "POST");
  });

  test("bad parameters reject every way of asking", async () => {
    const { client, pkg } = ctx;
    const cyclic = {};
    cyclic.self = cyclic;
    await assert.rejects(client.teammates.create(cyclic), pkg.ValidationError);
    await assert.rejects(client.teammates.create(cyclic).withResponse(), pkg.ValidationError);
    await assert.rejects(client.teammates.create(cyclic).asResponse(), pkg.ValidationError);
  });
});
