// `m8tes mate task`: one run streamed in each output mode, its files and their download
// command, approvals answered on stdin, a failed run, and Ctrl-C.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { assertOneErrorLine, assertShowsText, runCli, startCli } from "./harness/cli.mjs";
import { useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();

/** The run id from verbose output's `run N` line. */
function runIdOf(stdout) {
  const match = stdout.match(/^run (\d+)$/m);
  assert.ok(match, `no "run N" line in:\n${stdout}`);
  return Number(match[1]);
}

/** What the server recorded for `runId` (its text output, D15), read around the CLI. */
async function serverRun(runId) {
  return ctx.server.waitForRun(runId);
}

test("verbose: the run's id, its text, each tool call and result on one line, then its status", async () => {
  const mate = await ctx.createMate();
  const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), "email the team that the launch moved to Friday"], {
    home: ctx.home(),
    env: ctx.env,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(result.stderr, "");
  const runId = runIdOf(result.stdout);
  const run = await serverRun(runId);
  assert.equal(run.status, "completed");
  assert.equal(run.teammate_id, mate.id);
  const lines = result.stdout.split("\n");
  const call = lines.findIndex((l) => /^→ gmail \{.+\}$/.test(l));
  const answer = lines.findIndex((l) => /^← gmail \S/.test(l));
  assert.ok(call > 0, `no gmail call line with arguments in:\n${result.stdout}`);
  assert.ok(answer > call, `no gmail result line after the call in:\n${result.stdout}`);
  assertShowsText(result.stdout, run.output);
  assert.match(result.stdout, new RegExp(`^run ${runId} completed$`, "m"));
});

test("compact: text and tool names only, no ids or arguments", async () => {
  const mate = await ctx.createMate();
  const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), "post to #general that the deploy is done", "--output", "compact"], {
    home: ctx.home(),
    env: ctx.env,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /^→ slack$/m);
  assert.match(result.stdout, /^← slack/m);
  assert.doesNotMatch(result.stdout, /^run \d+/m);
  assert.doesNotMatch(result.stdout, /^→ slack \{/m);
  const runs = await ctx.server.api(`/runs/?teammate_id=${mate.id}`);
  const [run] = runs.json.data;
  const settled = await serverRun(run.id);
  assertShowsText(result.stdout, settled.output);
});

test("json: one wire event per line, text deltas adding up to the run's output, then a result line", async () => {
  const mate = await ctx.createMate();
  const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), "open a ticket for the login bug", "-o", "json"], {
    home: ctx.home(),
    env: ctx.env,
  });
  assert.equal(result.code, 0, result.stderr);
  const events = result.stdout.trimEnd().split("\n").map((line) => JSON.parse(line));
  const meta = events.find((e) => e.type === "metadata");
  const runId = meta?.payload?.run_id ?? meta?.run_id;
  assert.equal(typeof runId, "number");
  assert.ok(events.some((e) => e.type === "tool-call-start" && e.toolName === "linear"));
  assert.ok(events.some((e) => e.type === "tool-result-end"));
  const text = events.filter((e) => e.type === "text-delta").map((e) => e.delta).join("");
  const run = await serverRun(runId);
  assert.equal(text, run.output);
  const last = events.at(-1);
  assert.equal(last.type, "m8tes.result");
  assert.equal(last.run_id, runId);
  assert.equal(last.status, "completed");
});

test("files are listed with a download command that works", async () => {
  const mate = await ctx.createMate();
  const home = ctx.home();
  const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), "build a report of MRR by month"], { home, env: ctx.env });
  assert.equal(result.code, 0, result.stderr);
  const runId = runIdOf(result.stdout);
  const listing = result.stdout.match(/^files:\n((?: {2}.+\n)+)/m);
  assert.ok(listing, `no files listing in:\n${result.stdout}`);
  const [line] = listing[1].split("\n");
  const command = line.match(/(m8tes run download .+)$/)?.[1];
  assert.ok(command, `no download command in "${line}"`);
  const [, , , id, name] = command.split(" ");
  assert.equal(Number(id), runId);
  assert.match(name, /\.csv$/);

  const download = await runCli(ctx.bin, command.split(" ").slice(1), { home, env: ctx.env });
  assert.equal(download.code, 0, download.stderr);
  const expected = await ctx.server.api(`/runs/${runId}/files/${encodeURIComponent(name)}/download`);
  assert.equal(expected.status, 200);
  assert.deepEqual(new Uint8Array(readFileSync(join(home, name))), expected.bytes);

  // A second download would overwrite: refused unless --force; --out - writes to stdout.
  const again = await runCli(ctx.bin, command.split(" ").slice(1), { home, env: ctx.env });
  assert.equal(again.code, 2);
  assertOneErrorLine(again, /exists/);
  const toStdout = await runCli(ctx.bin, [...command.split(" ").slice(1), "--out", "-"], { home, env: ctx.env });
  assert.equal(toStdout.code, 0);
  assert.equal(toStdout.stdout, expected.text);

  // The same run after the fact: `run files` and `run show` list the file with the same command.
  const files = await runCli(ctx.bin, ["run", "files", String(runId)], { home, env: ctx.env });
  assert.equal(files.code, 0, files.stderr);
  assert.ok(files.stdout.includes(command), files.stdout);
  const filesJson = await runCli(ctx.bin, ["run", "files", String(runId), "-o", "json"], { home, env: ctx.env });
  assert.deepEqual(JSON.parse(filesJson.stdout.trim()), { name, size: expected.bytes.length, download: command });
  const shown = await runCli(ctx.bin, ["run", "show", String(runId)], { home, env: ctx.env });
  assert.equal(shown.code, 0, shown.stderr);
  assert.match(shown.stdout, new RegExp(`^run ${runId} completed \\(agent ${mate.id}\\)$`, "m"));
  assertShowsText(shown.stdout, (await serverRun(runId)).output);
  assert.ok(shown.stdout.includes(command));

  const missing = await runCli(ctx.bin, ["run", "download", String(runId), "nope.csv", "--out", "-"], { home, env: ctx.env });
  assert.equal(missing.code, 4);
  assertOneErrorLine(missing, /HTTP 404/);
});

test("--approval: the run pauses before the tool and a `y` on stdin allows it", async () => {
  const mate = await ctx.createMate();
  const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), "email the board the Q3 numbers", "--approval"], {
    home: ctx.home(),
    env: ctx.env,
    stdin: "y\n",
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /^Allow gmail.*\? \[y\/n\] /m);
  assert.match(result.stdout, /^✓ allowed gmail$/m);
  assert.match(result.stdout, /^← gmail/m);
  const runId = runIdOf(result.stdout);
  const gates = await ctx.server.api(`/runs/${runId}/permissions`);
  assert.deepEqual(gates.json.map((g) => [g.tool_name, g.status]), [["gmail", "allowed"]]);
  assert.equal((await serverRun(runId)).status, "completed");
});

test("--approval: `n` denies the tool, and an unclear answer is asked again", async () => {
  const mate = await ctx.createMate();
  const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), "email the board the Q3 numbers", "--approval"], {
    home: ctx.home(),
    env: ctx.env,
    stdin: "maybe\nn\n",
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /please answer y or n/);
  assert.match(result.stdout, /^✗ denied gmail$/m);
  assert.doesNotMatch(result.stdout, /^← gmail/m);
  const runId = runIdOf(result.stdout);
  const gates = await ctx.server.api(`/runs/${runId}/permissions`);
  assert.deepEqual(gates.json.map((g) => [g.tool_name, g.status]), [["gmail", "denied"]]);
});

test("--plan: the plan is shown and a question answered by number; Approve runs it, Reject does not", async () => {
  const mate = await ctx.createMate();
  for (const [choice, label] of [["1", "Approve"], ["2", "Reject"]]) {
    const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), "email the team the agenda", "--plan"], {
      home: ctx.home(),
      env: ctx.env,
      stdin: `9\n${choice}\n`,
    });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, /^plan:\n1\. /m);
    assert.match(result.stderr, /Plan Approval: .+\n {2}1\. Approve.*\n {2}2\. Reject/);
    assert.match(result.stderr, /please type a number from 1 to 2/);
    assert.match(result.stdout, new RegExp(`^answered: ${label}$`, "m"));
    const runId = runIdOf(result.stdout);
    const gates = await ctx.server.api(`/runs/${runId}/permissions`);
    assert.deepEqual(gates.json.map((g) => [g.tool_name, g.status === "pending"]), [["AskUserQuestion", false]]);
    if (label === "Approve") assert.match(result.stdout, /^→ gmail/m);
    else assert.doesNotMatch(result.stdout, /^→ gmail/m);
  }
  const both = await runCli(ctx.bin, ["mate", "task", String(mate.id), "hi", "--plan", "--approval"], { home: ctx.home(), env: ctx.env });
  assert.equal(both.code, 2);
  assertOneErrorLine(both, /cannot be combined/);
});

test("without --approval the run is autonomous: no gate, no prompt", async () => {
  const mate = await ctx.createMate();
  const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), "email the board the Q3 numbers"], { home: ctx.home(), env: ctx.env });
  assert.equal(result.code, 0, result.stderr);
  assert.doesNotMatch(result.stderr, /Allow/);
  const gates = await ctx.server.api(`/runs/${runIdOf(result.stdout)}/permissions`);
  assert.deepEqual(gates.json, []);
});

test("a failed run exits 1 with one line on stderr, in every output mode", async () => {
  const mate = await ctx.createMate();
  for (const output of ["verbose", "compact", "json"]) {
    const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), "simulate:failure please", "-o", output], {
      home: ctx.home(),
      env: ctx.env,
    });
    assert.equal(result.code, 1, `${output}: ${result.stderr}`);
    assertOneErrorLine(result, /run \d+ failed/);
    if (output === "json") {
      const last = JSON.parse(result.stdout.trimEnd().split("\n").at(-1));
      assert.equal(last.status, "failed");
    }
  }
});

test("a task on a teammate that does not exist exits 4", async () => {
  const result = await runCli(ctx.bin, ["mate", "task", "987654", "hello"], { home: ctx.home(), env: ctx.env });
  assert.equal(result.code, 4);
  assertOneErrorLine(result, /HTTP 404/);
});

test("text streams as it arrives, and Ctrl-C stops and cancels the run (exit 130)", async () => {
  const mate = await ctx.createMate();
  const cli = startCli(ctx.bin, ["mate", "task", String(mate.id), "simulate:slow tell me about the quarter"], { home: ctx.home(), env: ctx.env });
  const { stdout } = await cli.waitFor(/^run \d+\n./m, { stream: "stdout" });
  const runId = runIdOf(stdout);
  // Text is on the screen while the server still runs the turn: streamed, not buffered.
  assert.equal((await ctx.server.api(`/runs/${runId}`)).json.status, "running");
  cli.signal("SIGINT");
  const result = await cli.done;
  assert.equal(result.code, 130, result.stderr);
  assert.match(result.stdout, /^\(stopped\)$/m);
  assert.equal((await serverRun(runId)).status, "cancelled");
});

test("Ctrl-C at an approval prompt stops at once and cancels the paused run", async () => {
  const mate = await ctx.createMate();
  const cli = startCli(ctx.bin, ["mate", "task", String(mate.id), "email the board the Q3 numbers", "--approval"], {
    home: ctx.home(),
    env: ctx.env,
  });
  // stdin stays open and silent: only the interrupt can end the prompt.
  const { stdout } = await cli.waitFor(/Allow gmail.*\? \[y\/n\] /, { stream: "stderr" });
  const runId = runIdOf(stdout);
  assert.equal((await ctx.server.api(`/runs/${runId}`)).json.status, "awaiting_approval");
  cli.signal("SIGINT");
  const result = await cli.done;
  assert.equal(result.code, 130, result.stderr);
  assert.equal((await serverRun(runId)).status, "cancelled");
});

test("agent output is shown as text: terminal escape sequences in it are neutralised", async () => {
  const mate = await ctx.createMate();
  // The simulated agent quotes the message back, so the escapes come back in its output.
  const message = "say \u001b]0;pwned\u0007 and \u001b[2J\u001b[31mred\u009b0m please";
  for (const output of ["verbose", "compact", "json"]) {
    const result = await runCli(ctx.bin, ["mate", "task", String(mate.id), message, "-o", output], { home: ctx.home(), env: ctx.env });
    assert.equal(result.code, 0, result.stderr);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(result.stdout, /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/, `${output} printed a control character`);
    if (output !== "json") assert.match(result.stdout, /\ufffd\]0;pwned\ufffd/);
    else assert.ok(result.stdout.includes("\\u001b]0;pwned\\u0007"), "json keeps the text, escaped");
  }
});
