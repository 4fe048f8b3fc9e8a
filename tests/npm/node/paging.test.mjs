// Auto-paging across several pages of a real list, observed on the wire.
import { test } from "node:test";
import assert from "node:assert/strict";
import { collect, recordingFetch, uniqueSuffix, useServerAndClient } from "../harness/fixture.mjs";

const ctx = useServerAndClient();
const COUNT = 7;
const LIMIT = 3;

async function seedMemories() {
  const userId = `pager-${uniqueSuffix()}`;
  const ids = [];
  for (let i = 0; i < COUNT; i++) {
    ids.push((await ctx.client.memories.create({ user_id: userId, content: `fact number ${i}` })).id);
  }
  return { userId, ids };
}

test("await list() gives a Page; getNextPage walks three pages", async () => {
  const { userId, ids } = await seedMemories();
  const first = await ctx.client.memories.list({ user_id: userId, limit: LIMIT });
  assert.equal(first.data.length, LIMIT);
  assert.equal(first.has_more, true);
  assert.equal(first.hasNextPage(), true);
  const second = await first.getNextPage();
  assert.equal(second.data.length, LIMIT);
  const third = await second.getNextPage();
  assert.equal(third.data.length, COUNT - 2 * LIMIT);
  assert.equal(third.has_more, false);
  assert.equal(third.hasNextPage(), false);
  await assert.rejects(third.getNextPage(), (err) => err instanceof ctx.pkg.M8tesError && /no next page/.test(err.message));
  const seen = [...first.data, ...second.data, ...third.data].map((m) => m.id);
  assert.deepEqual([...seen].sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
});

test("for await over list() fetches every page, carrying limit and the cursor", async () => {
  const { userId, ids } = await seedMemories();
  const wire = recordingFetch();
  const client = ctx.makeClient({ fetch: wire.fetch });
  const all = await collect(client.memories.list({ user_id: userId, limit: LIMIT }));
  assert.deepEqual(all.map((m) => m.id).sort((a, b) => a - b), [...ids].sort((a, b) => a - b));
  assert.equal(new Set(all.map((m) => m.id)).size, COUNT, "no item twice");

  const gets = wire.calls.filter((c) => c.method === "GET");
  assert.equal(gets.length, 3, gets.map((c) => c.url).join("\n"));
  const params = gets.map((c) => new URL(c.url).searchParams);
  assert.equal(params[0].get("starting_after"), null);
  for (const p of params) {
    assert.equal(p.get("limit"), String(LIMIT), "limit is carried to every page");
    assert.equal(p.get("user_id"), userId);
  }
  assert.ok(params[1].get("starting_after"));
  assert.notEqual(params[1].get("starting_after"), params[2].get("starting_after"));
});

test("autoPagingIter() is the same iterator", async () => {
  const { userId, ids } = await seedMemories();
  const pages = ctx.client.memories.list({ user_id: userId, limit: LIMIT });
  const all = await collect(pages.autoPagingIter());
  assert.equal(all.length, ids.length);
});
