// `m8tes task create | list | get | execute | update | enable | disable | archive` (also
// `tasks`), each checked against what the server itself holds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertOneErrorLine, runCli } from "./harness/cli.mjs";
import { useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();
const cli = (args, options = {}) => runCli(ctx.bin, args, { home: ctx.home(), env: ctx.env, ...options });
const serverTask = async (id) => (await ctx.server.api(`/tasks/${id}`)).json;
const jsonLines = (stdout) => stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));

async function createTask(mate, fields = {}) {
  const made = await cli(["task", "create", "--agent-id", String(mate.id), "--instructions", "Pull MRR from Stripe", "-o", "json", ...Object.entries(fields).flat()]);
  assert.equal(made.code, 0, made.stderr);
  return JSON.parse(made.stdout);
}

test("task create, get and update: the flags become the task; --mate-id still works", async () => {
  const mate = await ctx.createMate();
  const task = await createTask(mate, { "--name": "MRR", "--expected-output": "one number", "--goals": "weekly" });
  assert.deepEqual(await serverTask(task.id), task);
  assert.equal(task.teammate_id, mate.id);
  assert.equal(task.name, "MRR");
  assert.equal(task.expected_output, "one number");
  assert.equal(task.goals, "weekly");

  const old = await cli(["tasks", "c", "--mate-id", String(mate.id), "--instructions", "x", "--non-interactive"]);
  assert.equal(old.code, 0, old.stderr);
  assert.match(old.stdout, new RegExp(`^created task \\d+ .* for agent ${mate.id}$`, "m"));

  const shown = await cli(["task", "get", String(task.id)]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, /^name: +MRR$/m);
  assert.match(shown.stdout, new RegExp(`^agent: +${mate.id}$`, "m"));
  assert.match(shown.stdout, /^instructions: +Pull MRR from Stripe$/m);

  const updated = await cli(["task", "u", String(task.id), "--name", "MRR weekly", "--goals", "daily", "-o", "json"]);
  assert.equal(updated.code, 0, updated.stderr);
  const held = await serverTask(task.id);
  assert.deepEqual(JSON.parse(updated.stdout), held);
  assert.equal(held.name, "MRR weekly");
  assert.equal(held.goals, "daily");
  assert.equal(held.instructions, "Pull MRR from Stripe");

  const missing = await cli(["task", "get", "99999"]);
  assert.equal(missing.code, 4);
  assertOneErrorLine(missing, /HTTP 404/);
});

test("task disable, enable and archive; task list filters as SDK 4.49 does", async () => {
  const mate = await ctx.createMate();
  const other = await ctx.createMate();
  const kept = await createTask(mate);
  const paused = await createTask(mate);
  const gone = await createTask(mate);
  const elsewhere = await createTask(other);

  const disabled = await cli(["task", "disable", String(paused.id)]);
  assert.equal(disabled.code, 0, disabled.stderr);
  assert.match(disabled.stdout, new RegExp(`^task ${paused.id} .*: disabled$`, "m"));
  assert.equal((await serverTask(paused.id)).status, "disabled");
  const archived = await cli(["task", "archive", String(gone.id)]);
  assert.equal(archived.code, 0, archived.stderr);
  assert.match(archived.stdout, new RegExp(`^archived task ${gone.id}$`, "m"));

  const ids = async (...args) => {
    const result = await cli(["task", "list", "--agent-id", String(mate.id), "-o", "json", ...args]);
    assert.equal(result.code, 0, result.stderr);
    return jsonLines(result.stdout).map((t) => t.id).sort((a, b) => a - b);
  };
  assert.deepEqual(await ids(), [kept.id]);
  assert.deepEqual(await ids("--include-disabled"), [kept.id, paused.id]);
  assert.deepEqual(await ids("--status", "disabled"), [paused.id]);
  assert.ok((await ids("--include-archived", "--include-disabled")).includes(gone.id));

  const everyone = await cli(["task", "ls"]);
  assert.equal(everyone.code, 0, everyone.stderr);
  assert.match(everyone.stdout, /^ID +NAME +STATUS +AGENT +INSTRUCTIONS$/m);
  assert.match(everyone.stdout, new RegExp(`^${elsewhere.id} +.+ +enabled +${other.id} +Pull MRR from Stripe$`, "m"));

  const enabled = await cli(["task", "e", String(paused.id), "-o", "json"]);
  assert.equal(enabled.code, 0, enabled.stderr);
  assert.equal(JSON.parse(enabled.stdout).status, "enabled");
  assert.equal((await serverTask(paused.id)).status, "enabled");
});

test("task execute streams the task's run to its end; json ends with the result line", async () => {
  const mate = await ctx.createMate();
  const task = await createTask(mate);
  const shown = await cli(["task", "execute", String(task.id)]);
  assert.equal(shown.code, 0, shown.stderr);
  const runId = Number(shown.stdout.match(/^run (\d+)$/m)?.[1]);
  assert.ok(runId, shown.stdout);
  const run = await ctx.server.waitForRun(runId);
  assert.equal(run.task_id, task.id);
  assert.equal(run.status, "completed");
  assert.match(shown.stdout, /^→ stripe/m);
  assert.match(shown.stdout, new RegExp(`^run ${runId} completed$`, "m"));

  const json = await cli(["task", "x", String(task.id), "-o", "json"]);
  assert.equal(json.code, 0, json.stderr);
  const last = jsonLines(json.stdout).at(-1);
  assert.equal(last.type, "m8tes.result");
  assert.equal(last.status, "completed");
  assert.equal((await ctx.server.api(`/runs/${last.run_id}`)).json.task_id, task.id);
});
