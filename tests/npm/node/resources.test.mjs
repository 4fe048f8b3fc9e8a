// Every method of every non-run resource, called through the installed package against the real
// server, with the server's own answers (raw HTTP) as the independent witness where it matters.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { collect, encodeSegment, recordingFetch, uniqueSuffix, useServerAndClient } from "../harness/fixture.mjs";

const ctx = useServerAndClient();

async function until(probe, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Trigger lists may come back as a bare array or an envelope (wire.md §2.4). */
const items = (result) => (Array.isArray(result) ? result : result.data);

describe("teammates (and the agents alias)", () => {
  test("create, list, get, update, webhook and inbox toggles, delete", async () => {
    const { client, server } = ctx;
    const name = `Mate ${uniqueSuffix()} ✓`;
    const mate = await client.teammates.create({
      name,
      instructions: "Be brief.",
      tools: ["gmail", "slack"],
      role: "ops",
      goals: "inbox zero",
      metadata: { team: "growth" },
      allowed_senders: ["boss@example.com"],
    });
    assert.equal(typeof mate.id, "number");
    assert.equal(mate.name, name);
    assert.deepEqual(mate.tools, ["gmail", "slack"]);
    assert.deepEqual(mate.metadata, { team: "growth" });
    assert.equal(mate.status, "enabled");

    const page = await client.teammates.list();
    assert.ok(page.data.some((t) => t.id === mate.id), "list contains the new teammate");
    assert.equal(typeof page.has_more, "boolean");

    const got = await client.teammates.get(mate.id);
    assert.equal(got.name, name);

    const updated = await client.teammates.update(mate.id, { name: `${name} v2` });
    assert.equal(updated.name, `${name} v2`);
    assert.equal(updated.instructions, "Be brief.", "PATCH sends only the fields given");
    assert.equal((await server.api(`/teammates/${mate.id}`)).json.name, `${name} v2`);

    const hook = await client.teammates.enableWebhook(mate.id);
    assert.equal(hook.enabled, true);
    assert.equal(typeof hook.url, "string");
    const again = await client.teammates.enableWebhook(mate.id);
    assert.equal(again.url, hook.url, "enabling twice is idempotent");
    assert.equal(await client.teammates.disableWebhook(mate.id), undefined);

    const inbox = await client.teammates.enableEmailInbox(mate.id);
    assert.equal(inbox.enabled, true);
    assert.match(inbox.address, /@/);
    assert.equal(await client.teammates.disableEmailInbox(mate.id), undefined);

    // The alias is the same resource (D3).
    assert.equal((await client.agents.get(mate.id)).id, mate.id);

    assert.equal(await client.teammates.delete(mate.id), undefined);
    assert.equal((await client.teammates.get(mate.id)).status, "archived");
    const after = await collect(client.teammates.list());
    assert.ok(!after.some((t) => t.id === mate.id), "archived teammates leave the list");
  });
});

describe("tasks and their triggers", () => {
  test("create, list, get, update, run (both forms), triggers, delete", async () => {
    const { client, server } = ctx;
    const mate = await client.teammates.create({ name: `Task owner ${uniqueSuffix()}`, tools: ["stripe"] });
    const task = await client.tasks.create({
      teammate_id: mate.id,
      instructions: "Summarise MRR for the week",
      name: "Weekly MRR",
      tools: ["stripe"],
      expected_output: "a number",
      goals: "know revenue",
    });
    assert.equal(task.teammate_id, mate.id);
    assert.equal(task.name, "Weekly MRR");

    const listed = await client.tasks.list({ teammate_id: mate.id });
    assert.deepEqual(listed.data.map((t) => t.id), [task.id]);
    assert.equal((await client.tasks.get(task.id)).instructions, "Summarise MRR for the week");
    const updated = await client.tasks.update(task.id, { goals: "grow" });
    assert.equal(updated.goals, "grow");
    assert.equal(updated.name, "Weekly MRR");

    const run = await client.tasks.run(task.id, { stream: false });
    assert.equal(typeof run.id, "number");
    const finished = await server.waitForRun(run.id);
    assert.equal(finished.status, "completed");

    const stream = client.tasks.run(task.id, {});
    const events = await collect(stream);
    assert.ok(events.some((e) => e.type === "text-delta"));
    assert.equal(typeof stream.runId, "number");
    assert.notEqual(stream.runId, run.id);

    const schedule = await client.tasks.triggers.create(task.id, { type: "schedule", cron: "0 9 * * 1", timezone: "Europe/Paris" });
    assert.equal(schedule.type, "schedule");
    assert.equal(schedule.cron, "0 9 * * 1");
    assert.equal(schedule.timezone, "Europe/Paris");
    assert.equal(typeof schedule.next_run, "string");
    const webhookTrigger = await client.tasks.triggers.create(task.id, { type: "webhook" });
    assert.equal(typeof webhookTrigger.url, "string");
    const triggers = items(await client.tasks.triggers.list(task.id));
    assert.ok(triggers.some((t) => t.id === schedule.id && t.type === "schedule"));
    assert.ok(triggers.some((t) => t.type === "webhook"));
    assert.equal(await client.tasks.triggers.delete(task.id, schedule.id), undefined);
    const remaining = items((await server.api(`/tasks/${task.id}/triggers/`)).json);
    assert.ok(!remaining.some((t) => t.id === schedule.id), "the server no longer has the trigger");

    assert.equal(await client.tasks.delete(task.id), undefined);
    assert.equal((await client.tasks.get(task.id)).status, "archived");
  });
});

describe("apps", () => {
  test("list, connect, connectComplete, disconnect", async () => {
    const { client } = ctx;
    const userId = `apps-${uniqueSuffix()}`;
    const page = await client.apps.list({ user_id: userId });
    assert.ok(page.data.length >= 70, `a catalog of at least 70 apps, got ${page.data.length}`);
    const gmail = page.data.find((a) => a.name === "gmail");
    assert.ok(gmail, "gmail is in the catalog");
    assert.equal(gmail.connected, false);

    const started = await client.apps.connect("gmail", { redirect_uri: "https://example.com/done", user_id: userId });
    assert.match(started.authorization_url, /^https?:\/\//);
    assert.equal(typeof started.connection_id, "string");
    const done = await client.apps.connectComplete("gmail", { connection_id: started.connection_id, user_id: userId });
    assert.equal(done.app, "gmail");
    assert.equal(done.status, "connected");
    const afterConnect = await client.apps.list({ user_id: userId });
    assert.equal(afterConnect.data.find((a) => a.name === "gmail").connected, true);

    assert.equal(await client.apps.disconnect("gmail", { user_id: userId }), undefined);
    const afterDisconnect = await client.apps.list({ user_id: userId });
    assert.equal(afterDisconnect.data.find((a) => a.name === "gmail").connected, false);
  });
});

describe("memories and permission policies", () => {
  test("memories: create, list, delete (scoped by user_id)", async () => {
    const { client, server } = ctx;
    const userId = `mem-${uniqueSuffix()}`;
    const memory = await client.memories.create({ user_id: userId, content: "Prefers Slack over email ☕" });
    assert.equal(memory.content, "Prefers Slack over email ☕");
    assert.equal(memory.user_id, userId);
    const page = await client.memories.list({ user_id: userId });
    assert.deepEqual(page.data.map((m) => m.id), [memory.id]);
    assert.equal(await client.memories.delete(memory.id, { user_id: userId }), undefined);
    assert.deepEqual((await server.api(`/memories/?user_id=${userId}`)).json.data, []);
  });

  test("permissions: create (idempotent), list, delete", async () => {
    const { client, server } = ctx;
    const userId = `perm-${uniqueSuffix()}`;
    const policy = await client.permissions.create({ user_id: userId, tool: "gmail" });
    assert.equal(policy.tool_name, "gmail", "request key `tool`, response key `tool_name`");
    const same = await client.permissions.create({ user_id: userId, tool: "gmail" });
    assert.equal(same.id, policy.id);
    const page = await client.permissions.list({ user_id: userId });
    assert.deepEqual(page.data.map((p) => p.id), [policy.id]);
    assert.equal(await client.permissions.delete(policy.id, { user_id: userId }), undefined);
    assert.deepEqual((await server.api(`/permissions/?user_id=${userId}`)).json.data, []);
  });
});

describe("users", () => {
  test("create, list, get, update, delete with a string id that needs encoding", async () => {
    const { client, makeClient } = ctx;
    const userId = `urn:acme:${uniqueSuffix()} ø`;
    const user = await client.users.create({ user_id: userId, name: "Ann", email: "ann@example.com", company: "Acme", metadata: { tier: "gold" } });
    assert.equal(user.user_id, userId);
    const all = await collect(client.users.list());
    assert.ok(all.some((u) => u.user_id === userId));

    const seen = recordingFetch();
    const observed = makeClient({ fetch: seen.fetch });
    assert.equal((await observed.users.get(userId)).name, "Ann");
    assert.equal(seen.calls[0].path, `${new URL(ctx.server.baseUrl).pathname}/users/${encodeSegment(userId)}`);

    const updated = await client.users.update(userId, { company: "Acme 2", metadata: { tier: "silver" } });
    assert.equal(updated.company, "Acme 2");
    assert.equal(updated.name, "Ann");
    assert.deepEqual(updated.metadata, { tier: "silver" });
    assert.equal(await client.users.delete(userId), undefined);
    await assert.rejects(client.users.get(userId), ctx.pkg.NotFoundError);
  });
});

describe("webhooks", () => {
  test("create, get (masked), list, update, rotate, listDeliveries, delete", async () => {
    const { client } = ctx;
    const hook = await client.webhooks.create({ url: "http://127.0.0.1:9/hook", events: ["run.completed"] });
    assert.ok(hook.secret.length >= 32, "the full secret is shown once, at creation");
    assert.deepEqual(hook.events, ["run.completed"]);
    const got = await client.webhooks.get(hook.id);
    assert.equal(got.secret, `${hook.secret.slice(0, 4)}...`, "later reads mask the secret");
    const page = await client.webhooks.list();
    assert.ok(page.data.some((w) => w.id === hook.id));
    const paused = await client.webhooks.update(hook.id, { active: false, events: ["run.completed", "run.failed"] });
    assert.equal(paused.active, false);
    assert.deepEqual(paused.events, ["run.completed", "run.failed"]);
    const rotated = await client.webhooks.update(hook.id, { rotate_secret: true });
    assert.ok(rotated.secret.length >= 32);
    assert.notEqual(rotated.secret, hook.secret);
    const deliveries = await client.webhooks.listDeliveries(hook.id);
    assert.deepEqual(deliveries.data, []);
    assert.equal(deliveries.has_more, false);
    assert.equal(await client.webhooks.delete(hook.id), undefined);
    await assert.rejects(client.webhooks.get(hook.id), ctx.pkg.NotFoundError);
  });
});

describe("webhook deliveries end to end", () => {
  test("the server's signed delivery verifies with Webhooks.unwrap, and listDeliveries records it", async () => {
    const { client, pkg, server } = ctx;
    const received = [];
    const receiver = createServer((req, res) => {
      const chunks = [];
      req.on("data", (c) => chunks.push(c));
      req.on("end", () => {
        received.push({ body: Buffer.concat(chunks).toString("utf8"), headers: req.headers });
        res.writeHead(204).end();
      });
    });
    await new Promise((r) => receiver.listen(0, "127.0.0.1", r));
    try {
      const hook = await client.webhooks.create({ url: `http://127.0.0.1:${receiver.address().port}/in`, events: ["run.completed"] });
      const run = await client.runs.createAndWait({ message: "What is our MRR?", tools: ["stripe"] });
      const deliveries = await until(async () => {
        const page = await client.webhooks.listDeliveries(hook.id);
        return page.data.some((d) => d.run_id === run.id && d.status === "success") ? page.data : null;
      });
      const delivery = deliveries.find((d) => d.run_id === run.id);
      assert.equal(delivery.event_type, "run.completed");
      assert.equal(delivery.response_status_code, 204);
      assert.match(delivery.event_id, /^evt_/);

      const mine = received.find((r) => JSON.parse(r.body).run_id === run.id);
      assert.ok(mine, "the receiver got the delivery");
      assert.equal(pkg.Webhooks.verifySignature({ body: mine.body, headers: mine.headers, secret: hook.secret }), true);
      const event = pkg.Webhooks.unwrap(mine.body, mine.headers, hook.secret);
      assert.equal(event.event, "run.completed");
      assert.equal(event.event_id, delivery.event_id);
      assert.equal(event.data.id, run.id);
      assert.equal(event.data.output, run.output);
      assert.equal(pkg.Webhooks.verifySignature({ body: mine.body, headers: mine.headers, secret: "wrong" }), false);
      await client.webhooks.delete(hook.id);
    } finally {
      await new Promise((r) => receiver.close(r));
    }
  });
});

describe("settings and usage", () => {
  test("settings.get, settings.update, auth.getUsage", async () => {
    const { client, server } = ctx;
    const settings = await client.settings.get();
    assert.equal(typeof settings.company_research, "boolean");
    const flipped = await client.settings.update({ company_research: !settings.company_research });
    assert.equal(flipped.company_research, !settings.company_research);
    assert.equal((await server.api("/settings/")).json.company_research, !settings.company_research);

    const usage = await client.auth.getUsage();
    for (const key of ["plan", "cost_used", "cost_limit", "period_end"]) assert.equal(typeof usage[key], "string", key);
    for (const key of ["runs_used", "runs_limit"]) assert.equal(typeof usage[key], "number", key);
    assert.deepEqual(usage, (await server.api("/usage/")).json);
  });
});
