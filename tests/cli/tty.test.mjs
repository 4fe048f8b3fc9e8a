// The CLI under a terminal (a pseudo-terminal from util-linux `script`): the password is not
// echoed, and Ctrl-C / Ctrl-D arrive as keys in raw mode rather than as a signal or an EOF.
import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { forbid, startCli } from "./harness/cli.mjs";
import { uniqueEmail, useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();
const CTRL_C = "\x03";
const CTRL_D = "\x04";

test("login at a terminal echoes the email and hides the password", async () => {
  const email = uniqueEmail();
  const password = `tty-${Math.random().toString(36).slice(2)}-pw`;
  const signup = await ctx.server.api("/signup", { method: "POST", key: null, body: { email, password, first_name: "Tty", last_name: "" } });
  assert.equal(signup.status, 201, signup.text);
  forbid(signup.json.api_key);
  forbid(password);

  const home = ctx.home();
  const cli = startCli(ctx.bin, ["auth", "login", "--base-url", ctx.server.baseUrl], { home, tty: true });
  await cli.waitFor("Email: ");
  cli.write(`${email}\r`);
  await cli.waitFor("Password: ");
  cli.write(`${password}\r`);
  const result = await cli.done;
  assert.equal(result.code, 0, result.stdout);
  assert.match(result.stdout, new RegExp(`Email: ${email.replace(/[.]/g, "\\.")}`));
  assert.ok(!result.stdout.includes(password), "the password was echoed");
  assert.match(result.stdout, /logged in to /);
  assert.ok(existsSync(join(home, ".config", "m8tes", "credentials.json")));
});

test("chat at a terminal: Ctrl-C stops the reply, Ctrl-C at the prompt explains, Ctrl-D leaves", async () => {
  const mate = await ctx.createMate();
  const cli = startCli(ctx.bin, ["mate", "chat", String(mate.id)], { home: ctx.home(), env: ctx.env, tty: true });
  const prompts = (text) => (text.match(/you> /g) ?? []).length;
  await cli.waitFor("you> ");
  cli.write("simulate:slow tell me a long story\r");
  const { stdout } = await cli.waitFor(/run (\d+)\r?\n[^\r\n]/);
  const runId = Number(stdout.match(/run (\d+)\r?\n/)[1]);
  cli.write(CTRL_C);
  await cli.waitFor("(stopped)");
  await cli.waitFor((text) => prompts(text) >= 2);
  assert.equal((await ctx.server.waitForRun(runId)).status, "cancelled");

  cli.write(CTRL_C);
  await cli.waitFor("(Ctrl-D or /exit leaves)");
  cli.write(CTRL_D);
  const result = await cli.done;
  assert.equal(result.code, 0, result.stdout);
});
