// contract/vectors/path-segments.json through the package: each value used as a users.get id
// reaches the real server at exactly the encoded path; each refused value sends nothing.
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { recordingFetch, useServerAndClient } from "../harness/fixture.mjs";
import { vectorsDir } from "../harness/paths.mjs";

const vectors = JSON.parse(readFileSync(join(vectorsDir, "path-segments.json"), "utf8"));
const ctx = useServerAndClient();

test(`${vectors.cases.length} values are encoded exactly`, async () => {
  const wire = recordingFetch();
  const client = ctx.makeClient({ fetch: wire.fetch, maxRetries: 0 });
  const prefix = new URL(ctx.server.baseUrl).pathname;
  for (const { value, encoded } of vectors.cases) {
    wire.calls.length = 0;
    // No such user: the 404 proves the request reached the server, the URL is what we check.
    await assert.rejects(client.users.get(value), ctx.pkg.NotFoundError, JSON.stringify(value));
    assert.equal(wire.calls.length, 1);
    const raw = wire.calls[0].url.slice(ctx.server.origin.length);
    assert.equal(raw, `${prefix}/users/${encoded}`, JSON.stringify(value));
  }
});

test(`${vectors.refused.length} values are refused before sending`, async () => {
  const wire = recordingFetch();
  const client = ctx.makeClient({ fetch: wire.fetch });
  for (const value of vectors.refused) {
    await assert.rejects(Promise.resolve().then(() => client.users.get(value)), ctx.pkg.ValidationError, JSON.stringify(value));
    await assert.rejects(Promise.resolve().then(() => client.runs.downloadFile(1, value)), ctx.pkg.ValidationError, JSON.stringify(value));
  }
  assert.equal(wire.calls.length, 0);
});
