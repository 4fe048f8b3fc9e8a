// The calls SDK 4.49 added (issue 11), through the installed package against the real server:
// what each sends (a recording fetch) and what the server then holds (its own raw answers, the
// independent witness). Each test asserts the behaviour 4.49's source documents.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { collect, recordingFetch, uniqueSuffix, useServerAndClient } from "../harness/fixture.mjs";

const ctx = useServerAndClient();
const FAST = { interval: 50, timeout: 30_000 };

async function until(probe, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  while (true) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error("timed out");
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A finished run of the simulated agent. */
async function finishedRun(message, extra = {}) {
  const run = await ctx.client.runs.create({ message, stream: false, ...extra });
  return ctx.client.runs.poll(run.id, FAST);
}

/** A run cancelled at its second approval gate, after its first tool ran: it already acted. */
async function cancelledAfterATool() {
  const { client } = ctx;
  const run = await client.runs.create({
    message: "Check my email and post to #general what needs doing",
    tools: ["gmail", "slack"],
    human_in_the_loop: true,
    permission_mode: "approval",
    stream: false,
  });
  const pending = async (except) =>
    (await client.runs.permissions(run.id)).find((g) => g.status === "pending" && g.request_id !== except);
  const first = await until(() => pending());
  await client.runs.approve(run.id, { request_id: first.request_id, decision: "allow" });
  await until(() => pending(first.request_id));
  return client.runs.cancel(run.id);
}

/** A client whose requests are recorded. */
function recorded() {
  const { fetch, calls } = recordingFetch();
  return { client: ctx.makeClient({ fetch }), calls };
}

describe("runs: results and transcript", () => {
  test("output_schema on create gives output_data on the run and its outcome", async () => {
    const schema = { type: "object", properties: { total: { type: "number" }, city: { type: "string" } }, required: ["total", "city"] };
    const run = await finishedRun("Sum up the quarter", { output_schema: schema });
    assert.equal(run.status, "completed");
    const outcome = await ctx.client.runs.outcome(run.id);
    assert.equal(outcome.run_id, run.id);
    assert.equal(outcome.status, "completed");
    assert.equal(typeof outcome.output_data?.total, "number", JSON.stringify(outcome));
    assert.equal(typeof outcome.output_data?.city, "string");
    assert.deepEqual((await ctx.client.runs.get(run.id)).output_data, outcome.output_data);
    assert.equal(typeof outcome.message_count, "number");
    assert.ok(outcome.message_count >= 2);
    assert.equal(typeof outcome.summary, "string");
  });

  test("messages: ordered by sequence; after_sequence, tail and limit go out as wire names", async () => {
    const run = await finishedRun("Say hello");
    await ctx.client.runs.replyAndWait(run.id, { message: "And again" }, FAST);
    const all = await ctx.client.runs.messages(run.id);
    assert.ok(all.length >= 4, JSON.stringify(all));
    const sequences = all.map((m) => m.sequence);
    assert.deepEqual(sequences, [...sequences].sort((a, b) => a - b));
    assert.ok(all.every((m) => m.run_id === run.id && typeof m.role === "string"));
    assert.equal(all[0].role, "user");

    const { client, calls } = recorded();
    const after = await client.runs.messages(run.id, { after_sequence: all[1].sequence });
    assert.deepEqual(after.map((m) => m.id), all.slice(2).map((m) => m.id));
    const newest = await client.runs.messages(run.id, { tail: true, limit: 2 });
    assert.deepEqual(newest.map((m) => m.id), all.slice(-2).map((m) => m.id), "tail: the newest page, oldest first");
    const older = await client.runs.messages(run.id, { before_sequence: newest[0].sequence, limit: 100 });
    assert.deepEqual(older.map((m) => m.id), all.slice(0, -2).map((m) => m.id));
    assert.equal(calls[0].search, `?after_sequence=${all[1].sequence}`);
    assert.equal(calls[1].search, "?limit=2&tail=true");

    await assert.rejects(client.runs.messages(run.id, { tail: true, after_sequence: 1 }), { name: "ValidationError", status: 422 });
  });

  test("runs.list(task_id) is one task's history, newest first", async () => {
    const mate = await ctx.client.teammates.create({ name: `Hist ${uniqueSuffix()}` });
    const task = await ctx.client.tasks.create({ teammate_id: mate.id, instructions: "Report the weather" });
    const first = await ctx.client.tasks.run(task.id, { stream: false });
    const second = await ctx.client.tasks.run(task.id, { stream: false });
    await ctx.client.runs.poll(second.id, FAST);
    await finishedRun("Not of the task");
    const page = await ctx.client.runs.list({ task_id: task.id });
    assert.deepEqual(page.data.map((r) => r.id), [second.id, first.id]);
  });
});

describe("runs: marks", () => {
  test("archive hides a run from the default list, unarchive restores it; both idempotent", async () => {
    const run = await finishedRun("Archive me");
    const archived = await ctx.client.runs.archive(run.id);
    assert.equal(archived.id, run.id);
    assert.equal(archived.archived, true);
    assert.equal((await ctx.client.runs.archive(run.id)).archived, true, "archiving twice changes nothing");
    const ids = async (p) => (await ctx.client.runs.list({ limit: 100, ...p })).data.map((r) => r.id);
    assert.ok(!(await ids()).includes(run.id), "hidden by default");
    assert.ok((await ids({ archived: "only" })).includes(run.id));
    assert.ok((await ids({ archived: "include" })).includes(run.id));
    const restored = await ctx.client.runs.unarchive(run.id);
    assert.equal(restored.archived, false);
    assert.ok((await ids()).includes(run.id));
  });

  test("markViewed stamps last_viewed_at", async () => {
    const run = await finishedRun("View me");
    const viewed = await ctx.client.runs.markViewed(run.id);
    assert.equal(viewed.id, run.id);
    assert.equal(typeof viewed.last_viewed_at, "string");
    assert.equal((await ctx.server.api(`/runs/${run.id}`)).json.last_viewed_at, viewed.last_viewed_at);
  });

  test("share gives the same public link each time; unshare revokes it", async () => {
    const run = await finishedRun("Share me");
    const link = await ctx.client.runs.share(run.id);
    assert.equal(typeof link.share_token, "string");
    assert.ok(link.share_url.includes(link.share_token), link.share_url);
    assert.deepEqual(await ctx.client.runs.share(run.id), link, "idempotent");
    assert.equal((await ctx.client.runs.get(run.id)).share_token, link.share_token);
    assert.equal(await ctx.client.runs.unshare(run.id), undefined);
    assert.equal((await ctx.client.runs.get(run.id)).share_token ?? null, null);
  });
});

describe("runs: waiting on a human", () => {
  test("check, needsYou and activity see a run paused at a gate", async () => {
    const before = await ctx.client.runs.check();
    assert.equal(typeof before.total_count, "number");
    // Activity is per teammate, so the run has one.
    const mate = await ctx.client.teammates.create({ name: `Gated ${uniqueSuffix()}`, tools: ["gmail"] });
    const run = await ctx.client.runs.create({
      teammate_id: mate.id,
      message: "Email the team the plan",
      tools: ["gmail"],
      human_in_the_loop: true,
      permission_mode: "approval",
      stream: false,
    });
    const needs = await until(async () => {
      const now = await ctx.client.runs.needsYou();
      return now.items.some((item) => item.run_id === run.id) && now;
    });
    assert.ok(needs.count >= 1);
    const item = needs.items.find((i) => i.run_id === run.id);
    assert.equal(typeof item.title, "string");
    assert.equal(typeof item.mate_name, "string");
    const after = await ctx.client.runs.check();
    assert.ok(after.total_count > before.total_count);
    assert.equal(after.latest_run_id, run.id);
    assert.ok(after.awaiting_count >= 1);
    const activity = await ctx.client.runs.activity();
    assert.ok(Array.isArray(activity.data));
    const mine = activity.data.find((agent) => agent.agent_id === mate.id);
    assert.ok(mine?.runs.some((r) => r.id === run.id), JSON.stringify(activity));

    await ctx.client.runs.wait(run.id, { ...FAST, onApproval: () => "allow" });
    assert.ok(!(await ctx.client.runs.needsYou()).items.some((i) => i.run_id === run.id));
  });
});

describe("runs: retry", () => {
  test("a failed run retries into a NEW run; confirm goes out in the query", async () => {
    const failed = await finishedRun("Do it simulate:failure");
    assert.equal(failed.status, "failed");
    const { client, calls } = recorded();
    const retry = await client.runs.retry(failed.id, { confirm: true });
    assert.notEqual(retry.id, failed.id, "a new run, not the original");
    assert.equal(calls[0].method, "POST");
    assert.equal(calls[0].path.endsWith(`/runs/${failed.id}/retry`), true);
    assert.equal(calls[0].search, "?confirm=true");
    assert.equal((await ctx.client.runs.get(failed.id)).status, "failed", "the original stays failed");
    assert.equal(retry.retry_of_run_id, failed.id);
  });

  test("a run that already acted needs confirm: ConflictError retry_needs_confirmation", async () => {
    const acted = await cancelledAfterATool();
    await assert.rejects(ctx.client.runs.retry(acted.id), { name: "ConflictError", status: 409, code: "retry_needs_confirmation" });
    const retry = await ctx.client.runs.retry(acted.id, { confirm: true });
    assert.notEqual(retry.id, acted.id);
  });

  test("a completed run cannot be retried: a typed ConflictError", async () => {
    const done = await finishedRun("All good");
    await assert.rejects(ctx.client.runs.retry(done.id), { name: "ConflictError", status: 409 });
  });
});

describe("runs: files and the run id", () => {
  test("create with files sends a multipart form to runs/with-files; the run starts", async () => {
    const { client, calls } = recorded();
    const files = [
      new File(["a,b\n1,2\n"], "numbers.csv", { type: "text/csv" }),
      { name: "notes.txt", data: new TextEncoder().encode("remember the milk") },
    ];
    const run = await client.runs.create({ message: "Summarise the attached", files, stream: false });
    assert.equal(typeof run.id, "number");
    assert.equal(calls[0].method, "POST");
    assert.ok(calls[0].path.endsWith("/runs/with-files"), calls[0].path);
    assert.match(calls[0].headers["content-type"], /^multipart\/form-data; boundary=/);
    assert.ok(calls[0].headers["idempotency-key"], "a run-creating POST carries an Idempotency-Key");
    const finished = await ctx.client.runs.poll(run.id, FAST);
    assert.equal(finished.status, "completed");
    // The server keeps what was attached as the run's files, byte for byte.
    const names = (await ctx.client.runs.listFiles(run.id)).map((f) => f.name);
    assert.ok(names.includes("numbers.csv") && names.includes("notes.txt"), JSON.stringify(names));
    const notes = await ctx.client.runs.downloadFile(run.id, "notes.txt");
    assert.equal(new TextDecoder().decode(notes), "remember the milk");
    const csv = await ctx.server.api(`/runs/${run.id}/files/numbers.csv/download`);
    assert.equal(csv.text, "a,b\n1,2\n");

    const stream = client.runs.create({ message: "And stream it", files: [{ name: "n.md", data: "# hi" }] });
    const events = await collect(stream);
    assert.equal(events.at(-1).type, "done");
    assert.equal(typeof stream.runId, "number");

    assert.throws(() => client.runs.create({ message: "x", files: [new Blob(["no name"])] }), { name: "ValidationError" });
  });

  test("a stream names its run (X-Run-Id) once the response begins, before any event", async () => {
    const stream = ctx.client.runs.create({ message: "Tell me a story" });
    const runId = await stream.started();
    assert.equal(typeof runId, "number");
    assert.equal(stream.runId, runId);
    const events = await collect(stream);
    assert.equal(events[0].payload.run_id, runId);
  });
});

describe("teammates", () => {
  test("disable and enable pause and resume; delete then unarchive restores it paused", async () => {
    const mate = await ctx.client.teammates.create({ name: `Pause ${uniqueSuffix()}` });
    const disabled = await ctx.client.teammates.disable(mate.id);
    assert.equal(disabled.status, "disabled");
    assert.equal((await ctx.client.teammates.enable(mate.id)).status, "enabled");
    await ctx.client.teammates.delete(mate.id);
    const listed = async (p) => (await ctx.client.teammates.list({ limit: 100, ...p })).data.some((t) => t.id === mate.id);
    assert.equal(await listed(), false);
    assert.equal(await listed({ include_archived: true }), true);
    const back = await ctx.client.teammates.unarchive(mate.id);
    assert.equal(back.status, "disabled", "an unarchived teammate comes back paused");
    assert.equal(await listed(), true);
  });

  test("setWebhookEnabled pauses the webhook keeping its URL", async () => {
    const mate = await ctx.client.teammates.create({ name: `Hook ${uniqueSuffix()}` });
    const hook = await ctx.client.teammates.enableWebhook(mate.id);
    const paused = await ctx.client.teammates.setWebhookEnabled(mate.id, false);
    assert.equal(paused.enabled, false);
    const resumed = await ctx.client.teammates.setWebhookEnabled(mate.id, { enabled: true });
    assert.equal(resumed.enabled, true);
    assert.equal(resumed.url ?? hook.url, hook.url, "the URL survives a pause");
  });

  test("systemPrompt and reset", async () => {
    const mate = await ctx.client.teammates.create({ name: `Prompt ${uniqueSuffix()}`, instructions: "Be terse." });
    const prompt = await ctx.client.teammates.systemPrompt(mate.id);
    assert.equal(typeof prompt.system_prompt, "string");
    assert.ok(prompt.system_prompt.includes("Be terse."), prompt.system_prompt);
    assert.equal(prompt.characters, prompt.system_prompt.length);
    assert.deepEqual(await ctx.client.teammates.reset(mate.id), [], "a teammate with no template has nothing to reset");
  });
});

describe("tasks", () => {
  test("runAndWait runs the task and returns the finished run", async () => {
    const mate = await ctx.client.teammates.create({ name: `Waiter ${uniqueSuffix()}` });
    const task = await ctx.client.tasks.create({ teammate_id: mate.id, instructions: "Summarise the news" });
    const run = await ctx.client.tasks.runAndWait(task.id, {}, FAST);
    assert.equal(run.status, "completed");
    assert.equal(run.task_id, task.id);
  });

  test("lessons: a task run learns them; delete one, clear the rest", async () => {
    const mate = await ctx.client.teammates.create({ name: `Learner ${uniqueSuffix()}` });
    const task = await ctx.client.tasks.create({
      teammate_id: mate.id,
      instructions: "Write the report.\nLesson: cite sources\nLesson: be brief | when: on Mondays",
    });
    await ctx.client.tasks.runAndWait(task.id, {}, FAST);
    const lessons = await ctx.client.tasks.lessons.list(task.id);
    assert.deepEqual(lessons.data.map((l) => l.text).sort(), ["be brief", "cite sources"]);
    assert.equal(lessons.capacity_used, 2);
    assert.ok(lessons.capacity_limit >= 2);
    const brief = lessons.data.find((l) => l.text === "be brief");
    assert.equal(brief.when_applicable, "on Mondays");
    const left = await ctx.client.tasks.lessons.delete(task.id, brief.id);
    assert.deepEqual(left.data.map((l) => l.text), ["cite sources"]);
    const cleared = await ctx.client.tasks.lessons.clear(task.id);
    assert.deepEqual(cleared.data, []);
    assert.equal(cleared.capacity_used, 0);
  });

  test("setWebhookEnabled pauses the task's webhook keeping its URL", async () => {
    const mate = await ctx.client.teammates.create({ name: `TaskHook ${uniqueSuffix()}` });
    const task = await ctx.client.tasks.create({ teammate_id: mate.id, instructions: "On every hook" });
    const hook = await ctx.client.tasks.enableWebhook(task.id);
    assert.equal(hook.enabled, true);
    const paused = await ctx.client.tasks.setWebhookEnabled(task.id, false);
    assert.equal(paused.enabled, false);
    const resumed = await ctx.client.tasks.setWebhookEnabled(task.id, true);
    assert.equal(resumed.enabled, true);
    assert.equal(resumed.url ?? hook.url, hook.url);
    assert.equal(await ctx.client.tasks.disableWebhook(task.id), undefined);
  });

  test("run_at schedules, triggers.update in place, and the account-wide triggers.list", async () => {
    const mate = await ctx.client.teammates.create({ name: `Sched ${uniqueSuffix()}` });
    const task = await ctx.client.tasks.create({ teammate_id: mate.id, instructions: "Weekly digest" });
    const at = new Date(Date.now() + 7 * 86_400_000).toISOString().replace(/\.\d+Z$/, "Z");
    const once = await ctx.client.tasks.triggers.create(task.id, { type: "schedule", run_at: at });
    assert.equal(once.type, "schedule");
    assert.ok(once.run_at, JSON.stringify(once));
    const paused = await ctx.client.tasks.triggers.update(task.id, once.id, { enabled: false });
    assert.equal(paused.enabled, false);
    const recurring = await ctx.client.tasks.triggers.update(task.id, once.id, { cron: "0 9 * * 1" });
    assert.equal(recurring.cron, "0 9 * * 1");
    assert.equal(recurring.run_at ?? null, null, "cron clears run_at");

    const all = [];
    for await (const trigger of ctx.client.triggers.list({ task_id: task.id, limit: 1 })) all.push(trigger);
    assert.ok(all.some((t) => t.id === once.id && t.task_id === task.id), JSON.stringify(all));
  });
});

describe("account scope and the rest", () => {
  test("memories without user_id are the account's; update corrects them in place", async () => {
    const content = `Account fact ${uniqueSuffix()}`;
    const memory = await ctx.client.memories.create({ content });
    assert.equal(memory.user_id, null);
    const page = await ctx.client.memories.list();
    assert.ok(page.data.some((m) => m.id === memory.id));
    const updated = await ctx.client.memories.update(memory.id, { content: `${content} (fixed)`, audience: "company" });
    assert.equal(updated.content, `${content} (fixed)`);
    assert.equal(updated.audience, "company");
    await ctx.client.memories.delete(memory.id);
    assert.ok(!(await ctx.client.memories.list()).data.some((m) => m.id === memory.id));
  });

  test("memories.update in an end user's scope sends user_id in the query", async () => {
    const userId = `u-${uniqueSuffix()}`;
    await ctx.client.users.create({ user_id: userId });
    const memory = await ctx.client.memories.create({ user_id: userId, content: "likes tea" });
    const { client, calls } = recorded();
    const updated = await client.memories.update(memory.id, { user_id: userId, audience: "personal" });
    assert.equal(updated.audience, "personal");
    assert.equal(updated.content, "likes tea", "content is left alone when not given");
    assert.equal(calls[0].method, "PATCH");
    assert.equal(calls[0].search, `?user_id=${userId}`);
  });

  test("permissions without user_id are account-level policies", async () => {
    const policy = await ctx.client.permissions.create({ tool: "gmail" });
    assert.equal(policy.user_id, null);
    assert.ok((await ctx.client.permissions.list()).data.some((p) => p.id === policy.id));
    await ctx.client.permissions.delete(policy.id);
    assert.ok(!(await ctx.client.permissions.list()).data.some((p) => p.id === policy.id));
  });

  test("users.usage pages per end user, or reads one", async () => {
    const userId = `usage-${uniqueSuffix()}`;
    await ctx.client.users.create({ user_id: userId });
    await finishedRun("Count me", { user_id: userId });
    const one = await ctx.client.users.usage({ user_id: userId });
    assert.equal(one.data.length, 1);
    assert.equal(one.data[0].user_id, userId);
    assert.equal(one.data[0].runs_used, 1);
    assert.equal(typeof one.data[0].cost_used, "string");
    const all = [];
    for await (const row of ctx.client.users.usage({ limit: 1 })) all.push(row.user_id);
    assert.ok(all.includes(userId));
  });

  test("settings take and answer the 4.49 fields", async () => {
    const updated = await ctx.client.settings.update({ per_end_user_run_limit: 5, retention_mode: "metadata_only", result_email_enabled: false });
    assert.equal(updated.per_end_user_run_limit, 5);
    assert.equal(updated.retention_mode, "metadata_only");
    assert.equal(updated.result_email_enabled, false);
    const cleared = await ctx.client.settings.update({ per_end_user_run_limit: null, retention_mode: "standard" });
    assert.equal(cleared.per_end_user_run_limit, null);
    assert.deepEqual(await ctx.client.settings.get(), cleared);
  });

  test("auth.isVerified is a boolean; resendVerify answers a sentence", async () => {
    assert.equal(typeof (await ctx.client.auth.isVerified()), "boolean");
    const sent = await ctx.client.auth.resendVerify();
    assert.equal(typeof sent, "string");
    assert.ok(sent.length > 0);
  });
});
