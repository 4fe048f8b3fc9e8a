// The CLI commands of SDK 4.49's calls (issue 11): `run outcome`, `run messages`, `run retry`,
// `mate disable | enable`, each checked against what the server itself answers.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertOneErrorLine, runCli } from "./harness/cli.mjs";
import { useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();

/** A finished run made directly on the server, around the CLI. */
async function finishedRun(message, extra = {}) {
  const { json } = await ctx.server.api("/runs/", { method: "POST", body: { message, stream: false, ...extra } });
  return ctx.server.waitForRun(json.id);
}

/** A run cancelled at its second approval gate, after its first tool ran: it already acted. */
async function cancelledAfterATool() {
  const api = ctx.server.api;
  const { json: run } = await api("/runs/", {
    method: "POST",
    body: { message: "Check my email and post to #general what needs doing", tools: ["gmail", "slack"], human_in_the_loop: true, permission_mode: "approval", stream: false },
  });
  const pending = async (except) => {
    for (let i = 0; i < 600; i++) {
      const gate = (await api(`/runs/${run.id}/permissions`)).json.find((g) => g.status === "pending" && g.request_id !== except);
      if (gate) return gate;
      await new Promise((r) => setTimeout(r, 25));
    }
    throw new Error(`run ${run.id} never paused`);
  };
  const first = await pending();
  await api(`/runs/${run.id}/approve`, { method: "POST", body: { request_id: first.request_id, decision: "allow" } });
  await pending(first.request_id);
  return (await api(`/runs/${run.id}/cancel`, { method: "POST" })).json;
}

const cli = (args) => runCli(ctx.bin, args, { home: ctx.home(), env: ctx.env });

test("run outcome: status, summary and structured output; json is the server's outcome", async () => {
  const schema = { type: "object", properties: { total: { type: "number" } } };
  const run = await finishedRun("Sum it up", { output_schema: schema });
  const expected = (await ctx.server.api(`/runs/${run.id}/outcome`)).json;
  const shown = await cli(["run", "outcome", String(run.id)]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(`^run ${run.id} completed$`, "m"));
  assert.ok(shown.stdout.includes(expected.summary.split("\n")[0]), shown.stdout);
  assert.match(shown.stdout, /^output: \{"total":/m);
  assert.match(shown.stdout, new RegExp(`^${expected.message_count} messages, ${expected.total_tokens} tokens`, "m"));
  const json = await cli(["run", "outcome", String(run.id), "--output", "json"]);
  assert.deepEqual(JSON.parse(json.stdout), expected);
});

test("run messages: the transcript in order; --after, --tail and --limit page it", async () => {
  const run = await finishedRun("Say hello");
  const all = (await ctx.server.api(`/runs/${run.id}/messages`)).json;
  assert.ok(all.length >= 2);
  const shown = await cli(["run", "messages", String(run.id)]);
  assert.equal(shown.code, 0, shown.stderr);
  const lines = shown.stdout.trim().split("\n").filter((l) => /^#\d+ /.test(l));
  assert.deepEqual(lines.map((l) => Number(l.match(/^#(\d+)/)[1])), all.map((m) => m.sequence));
  assert.match(lines[0], /^#\d+ user: Say hello$/);

  const json = await cli(["run", "messages", String(run.id), "--after", String(all[0].sequence), "--output", "json"]);
  assert.deepEqual(json.stdout.trim().split("\n").map((l) => JSON.parse(l).id), all.slice(1).map((m) => m.id));
  const tail = await cli(["run", "messages", String(run.id), "--tail", "--limit", "1", "--output", "json"]);
  assert.deepEqual(tail.stdout.trim().split("\n").map((l) => JSON.parse(l).id), [all.at(-1).id]);

  const both = await cli(["run", "messages", String(run.id), "--tail", "--after", "1"]);
  assert.equal(both.code, 2);
  assertOneErrorLine(both, /--after and --tail cannot be combined/);
  const bad = await cli(["run", "messages", String(run.id), "--limit", "many"]);
  assert.equal(bad.code, 2);
  assertOneErrorLine(bad, /--limit must be a positive whole number/);
});

test("run retry: a failed run starts a new one; a completed one is refused (exit 4)", async () => {
  const failed = await finishedRun("Break simulate:failure");
  assert.equal(failed.status, "failed");
  const retried = await cli(["run", "retry", String(failed.id), "--confirm", "--output", "json"]);
  assert.equal(retried.code, 0, retried.stderr);
  const run = JSON.parse(retried.stdout);
  assert.notEqual(run.id, failed.id);
  assert.equal((await ctx.server.api(`/runs/${run.id}`)).status, 200);
  const shown = await cli(["run", "retry", String(failed.id), "--confirm"]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(`^run \\d+ \\S+ \\(retry of run ${failed.id}\\)$`, "m"));

  const acted = await cancelledAfterATool();
  const unconfirmed = await cli(["run", "retry", String(acted.id)]);
  assert.equal(unconfirmed.code, 4);
  assertOneErrorLine(unconfirmed, /already acted, so retrying may repeat that: pass --confirm/);

  const done = await finishedRun("Fine");
  const refused = await cli(["run", "retry", String(done.id)]);
  assert.equal(refused.code, 4);
  assertOneErrorLine(refused, /HTTP 409/);
});

test("mate disable and enable pause and resume a teammate", async () => {
  const mate = await ctx.createMate();
  const disabled = await cli(["mate", "disable", String(mate.id)]);
  assert.equal(disabled.code, 0, disabled.stderr);
  assert.match(disabled.stdout, new RegExp(`^agent ${mate.id} .+: disabled$`, "m"));
  assert.equal((await ctx.server.api(`/teammates/${mate.id}`)).json.status, "disabled");
  const enabled = await cli(["mate", "enable", String(mate.id), "--output", "json"]);
  assert.equal(enabled.code, 0, enabled.stderr);
  assert.equal(JSON.parse(enabled.stdout).status, "enabled");
  assert.equal((await ctx.server.api(`/teammates/${mate.id}`)).json.status, "enabled");
  const missing = await cli(["mate", "disable", "999999"]);
  assert.equal(missing.code, 4);
  assertOneErrorLine(missing, /HTTP 404/);
});
