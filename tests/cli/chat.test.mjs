// `m8tes mate chat`: turns in one run, `/clear`, `/resume`, Ctrl-C stopping a reply without
// leaving, Ctrl-D leaving.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertShowsText, startCli } from "./harness/cli.mjs";
import { useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();

/** Drives a chat one line at a time: each `say` waits for the next `you> ` prompt. */
function chatSession(mateId, extraArgs = []) {
  const cli = startCli(ctx.bin, ["mate", "chat", String(mateId), ...extraArgs], { home: ctx.home(), env: ctx.env });
  const promptCount = () => (cli.output().stderr.match(/you> /g) ?? []).length;
  return {
    cli,
    async ready() {
      await cli.waitFor("you> ", { stream: "stderr" });
    },
    /** Sends one line; resolves to the stdout and stderr it produced. */
    async say(line) {
      const before = cli.output();
      const wanted = promptCount() + 1;
      cli.write(`${line}\n`);
      await cli.waitFor((stderr) => (stderr.match(/you> /g) ?? []).length >= wanted, { stream: "stderr" });
      const after = cli.output();
      return { stdout: after.stdout.slice(before.stdout.length), stderr: after.stderr.slice(before.stderr.length) };
    },
  };
}

const runIds = (stdout) => [...stdout.matchAll(/^run (\d+)$/gm)].map((m) => Number(m[1]));

test("three turns, /clear and /resume: replies stay in one run, /clear starts another, /resume goes back", async () => {
  const mate = await ctx.createMate();
  const chat = chatSession(mate.id);
  await chat.ready();

  const first = await chat.say("hello, can you email the team?");
  const [runA] = runIds(first.stdout);
  assert.ok(runA, `no run id in the first turn:\n${first.stdout}`);
  assert.match(first.stdout, /^→ gmail/m);

  const second = await chat.say("thanks, and post to #general too");
  assert.deepEqual(runIds(second.stdout), [runA]);
  assert.match(second.stdout, /^→ slack/m);
  const afterReply = await ctx.server.waitForRun(runA);
  assertShowsText(second.stdout, afterReply.output);

  const cleared = await chat.say("/clear");
  assert.match(cleared.stderr, /new conversation/);
  const third = await chat.say("open a ticket for the outage");
  const [runB] = runIds(third.stdout);
  assert.ok(runB && runB !== runA, `after /clear the turn ran in ${runB}, not a new run`);

  const resumed = await chat.say(`/resume ${runA}`);
  assert.match(resumed.stderr, new RegExp(`resumed run ${runA}`));
  const fourth = await chat.say("one more thing: what is our MRR?");
  assert.deepEqual(runIds(fourth.stdout), [runA]);
  assert.match(fourth.stdout, /^→ stripe/m);

  const bad = await chat.say("/resume nine");
  assert.match(bad.stderr, /RUN_ID must be a positive whole number/);
  const unknown = await chat.say("/frob");
  assert.match(unknown.stderr, /unknown command \/frob/);

  chat.cli.write("/exit\n");
  const result = await chat.cli.done;
  assert.equal(result.code, 0, result.stderr);

  // The server saw exactly two runs on this teammate, and run A's last turn is the fourth line's.
  const runs = await ctx.server.api(`/runs/?teammate_id=${mate.id}`);
  assert.deepEqual(runs.json.data.map((r) => r.id).sort((x, y) => x - y), [runA, runB].sort((x, y) => x - y));
  const finalA = await ctx.server.waitForRun(runA);
  assertShowsText(fourth.stdout, finalA.output);
});

test("Ctrl-C stops the reply being streamed but not the chat; Ctrl-D leaves", async () => {
  const mate = await ctx.createMate();
  const chat = chatSession(mate.id);
  await chat.ready();
  const start = chat.cli.output().stdout.length;
  chat.cli.write("simulate:slow tell me a long story\n");
  const { stdout } = await chat.cli.waitFor(/^run \d+\n./m, { stream: "stdout", from: start });
  const [runId] = runIds(stdout.slice(start));
  chat.cli.signal("SIGINT");
  await chat.cli.waitFor("(stopped)", { stream: "stdout" });
  await chat.cli.waitFor((stderr) => (stderr.match(/you> /g) ?? []).length >= 2, { stream: "stderr" });
  assert.equal((await ctx.server.waitForRun(runId)).status, "cancelled");

  // Still chatting: the next line is a reply in the same run.
  const next = await chat.say("never mind, email the team instead");
  assert.deepEqual(runIds(next.stdout), [runId], `after Ctrl-C the next line did not reply in run ${runId}:\n${next.stdout}\n${next.stderr}`);

  chat.cli.end();
  const result = await chat.cli.done;
  assert.equal(result.code, 0, result.stderr);
});

test("chat --output json: each turn's events one per line", async () => {
  const mate = await ctx.createMate();
  const chat = chatSession(mate.id, ["--output", "json"]);
  await chat.ready();
  const turn = await chat.say("email the team");
  const events = turn.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
  assert.ok(events.some((e) => e.type === "tool-call-start" && e.toolName === "gmail"));
  assert.equal(events.at(-1).type, "m8tes.result");
  chat.cli.end();
  assert.equal((await chat.cli.done).code, 0);
});
