// `m8tes apps list | connect-oauth | connect-complete | disconnect`, `m8tes auth usage |
// resend-verify`, and the SDK 4.49 commands this API has no counterpart for: listed in help,
// saying so, and refusing to run before any request.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertOneErrorLine, runCli } from "./harness/cli.mjs";
import { useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();
const cli = (args) => runCli(ctx.bin, args, { home: ctx.home(), env: ctx.env });
const jsonLines = (stdout) => stdout.trim().split("\n").filter(Boolean).map((line) => JSON.parse(line));

test("apps: list, connect-oauth, connect-complete and disconnect follow the server's catalog", async () => {
  const catalog = (await ctx.server.api("/apps/")).json.data;
  const listed = await cli(["apps", "list", "-o", "json"]);
  assert.equal(listed.code, 0, listed.stderr);
  assert.deepEqual(jsonLines(listed.stdout), catalog);
  const table = await cli(["app", "ls"]);
  assert.match(table.stdout, /^APP +NAME +CATEGORY +STATUS$/m);
  assert.match(table.stdout, /^gmail +.+ +not connected$/m);

  const started = await cli(["apps", "connect-oauth", "gmail", "--redirect-uri", "https://example.test/back", "-o", "json"]);
  assert.equal(started.code, 0, started.stderr);
  const { authorization_url: url, connection_id: connectionId } = JSON.parse(started.stdout);
  assert.match(url, /^http.+gmail/);
  const text = await cli(["apps", "oauth", "slack", "--redirect-uri", "https://example.test/back"]);
  assert.match(text.stdout, /^authorization URL: http/m);
  assert.match(text.stdout, /^send the user to the URL, then: m8tes apps connect-complete slack conn_/m);

  const completed = await cli(["apps", "connect-complete", "gmail", connectionId]);
  assert.equal(completed.code, 0, completed.stderr);
  assert.equal(completed.stdout, "gmail: connected\n");
  const after = (await ctx.server.api("/apps/")).json.data.find((a) => a.name === "gmail");
  assert.equal(after.connected, true);
  const unknown = await cli(["apps", "complete", "gmail", "conn_nope"]);
  assert.equal(unknown.code, 4);
  assertOneErrorLine(unknown, /HTTP 404/);

  const gone = await cli(["apps", "rm", "gmail", "-o", "json"]);
  assert.equal(gone.code, 0, gone.stderr);
  assert.deepEqual(JSON.parse(gone.stdout), { app: "gmail", disconnected: true });
  assert.equal((await ctx.server.api("/apps/")).json.data.find((a) => a.name === "gmail").connected, false);
});

test("auth usage (also u) and resend-verify (also verify) show the server's answers", async () => {
  const usage = (await ctx.server.api("/usage/")).json;
  const json = await cli(["auth", "usage", "-o", "json"]);
  assert.equal(json.code, 0, json.stderr);
  assert.deepEqual(JSON.parse(json.stdout), usage);
  const shown = await cli(["a", "u"]);
  assert.match(shown.stdout, new RegExp(`^plan: +${usage.plan}$`, "m"));
  assert.match(shown.stdout, new RegExp(`^runs: +${usage.runs_used} / ${usage.runs_limit}$`, "m"));

  const expected = (await ctx.server.api("/verify/resend", { method: "POST" })).json.message;
  const resent = await cli(["auth", "verify"]);
  assert.equal(resent.code, 0, resent.stderr);
  assert.equal(resent.stdout, `${expected}\n`);
  const resentJson = await cli(["auth", "resend-verify", "-o", "json"]);
  assert.deepEqual(JSON.parse(resentJson.stdout), { message: expected });
});

test("commands without a counterpart here say so in help and refuse to run (exit 2)", async () => {
  const home = ctx.home();
  const top = await runCli(ctx.bin, ["--help"], { home });
  const cases = [
    ["auth register", "in this CLI yet"],
    ["apps connect-api-key", "against this API"],
    ["run audit-logs", "against this API"],
    ["google connect", "against this API"],
    ["google status", "against this API"],
    ["google disconnect", "against this API"],
  ];
  for (const [command, where] of cases) {
    assert.match(top.stdout, new RegExp(`^ {2}${command} +.*not available ${where}`, "m"), command);
    const help = await runCli(ctx.bin, [...command.split(" "), "--help"], { home });
    assert.equal(help.code, 0, help.stderr);
    assert.match(help.stdout, new RegExp(`^usage: m8tes ${command} \\(not available ${where}\\)`), command);
    // Logged in, so a request would have succeeded: exit 2 proves nothing was sent.
    const used = await runCli(ctx.bin, [...command.split(" "), "gmail", "--whatever"], { home, env: ctx.env });
    assert.equal(used.code, 2, `${command}: ${used.stderr}`);
    assertOneErrorLine(used, new RegExp(`this command is not available ${where}: `));
  }
  // Their aliases too (SDK 4.49's `run logs`, `apps api-key`, `g c`, `auth r`).
  for (const args of [["run", "logs"], ["apps", "api-key", "x", "y"], ["g", "c"], ["auth", "r"]]) {
    const used = await runCli(ctx.bin, args, { home, env: ctx.env });
    assert.equal(used.code, 2, `${args.join(" ")}: ${used.stderr}`);
    assertOneErrorLine(used, /this command is not available /);
  }
});
