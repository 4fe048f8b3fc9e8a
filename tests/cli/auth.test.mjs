// `m8tes auth register | login | logout | status`, the credentials file, the environment overrides, and
// the exit codes a login can end with.
import assert from "node:assert/strict";
import { mkdirSync, readFileSync, statSync, writeFileSync, existsSync, chmodSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { freePort } from "../npm/harness/ports.mjs";
import { assertOneErrorLine, forbid, runCli } from "./harness/cli.mjs";
import { uniqueEmail, useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();

/** A fresh account on the server, made the way a user would (POST /signup), outside the CLI. */
async function signUp() {
  const email = uniqueEmail();
  const password = `pw-${Math.random().toString(36).slice(2)}-Secret!`;
  const { status, json, text } = await ctx.server.api("/signup", {
    method: "POST",
    key: null,
    body: { email, password, first_name: "Ada", last_name: "Lovelace" },
  });
  assert.equal(status, 201, `signup answered ${status}: ${text}`);
  forbid(json.api_key);
  forbid(password);
  return { email, password, signupKey: json.api_key };
}

const credentialsFile = (configHome) => join(configHome, "m8tes", "credentials.json");
const mode = (path) => statSync(path).mode & 0o777;

function storedCredentials(configHome) {
  const stored = JSON.parse(readFileSync(credentialsFile(configHome), "utf8"));
  forbid(stored.api_key);
  return stored;
}

test("register creates the account and stores its working key; a taken email is refused", async () => {
  const home = ctx.home();
  const email = uniqueEmail();
  const password = `pw-${Math.random().toString(36).slice(2)}-Secret!`;
  const stdin = `${email}\n${password}\n${password}\nAda\n`;
  const result = await runCli(ctx.bin, ["auth", "register"], { home, env: { M8TES_BASE_URL: ctx.server.baseUrl }, stdin });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, new RegExp(`account ${escape(email)} created`));
  assert.ok(!`${result.stdout}${result.stderr}`.includes(password));
  const stored = storedCredentials(join(home, ".config"));
  assert.match(stored.api_key, /^m8_/);
  assert.ok(!result.stdout.includes(stored.api_key), "register printed the key it stored");
  assert.equal(stored.email, email);
  const status = await runCli(ctx.bin, ["auth", "status", "-o", "json"], { home });
  assert.equal(status.code, 0, status.stderr);
  assert.equal(JSON.parse(status.stdout).usage.plan.length > 0, true);

  const again = await runCli(ctx.bin, ["auth", "register"], { home: ctx.home(), env: { M8TES_BASE_URL: ctx.server.baseUrl }, stdin });
  assert.equal(again.code, 2);
  assert.match(again.stderr, /^m8tes: an account with this email exists/m);
  const mismatch = await runCli(ctx.bin, ["auth", "register"], {
    home: ctx.home(),
    env: { M8TES_BASE_URL: ctx.server.baseUrl },
    stdin: `${uniqueEmail()}\n${password}\nsomething-else\nAda\n`,
  });
  assert.equal(mismatch.code, 2);
  assert.match(mismatch.stderr, /^m8tes: the passwords differ/m);
});

test("login by email and password stores a working key, 0600 in a 0700 folder", async () => {
  const home = ctx.home();
  const { email, password, signupKey } = await signUp();
  const result = await runCli(ctx.bin, ["auth", "login"], {
    home,
    env: { M8TES_BASE_URL: ctx.server.baseUrl },
    stdin: `${email}\n${password}\n`,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, /Email: /);
  assert.match(result.stderr, /Password: /);
  assert.match(result.stdout, new RegExp(`logged in to ${escape(ctx.server.baseUrl)} as ${escape(email)}`));

  const configHome = join(home, ".config");
  assert.equal(mode(credentialsFile(configHome)), 0o600);
  assert.equal(mode(join(configHome, "m8tes")), 0o700);
  const stored = storedCredentials(configHome);
  // The key was minted during the login, so the login's own output is checked for it here.
  assert.ok(!`${result.stdout}${result.stderr}`.includes(stored.api_key), "login printed the key it stored");
  assert.equal(stored.base_url, ctx.server.baseUrl);
  assert.equal(stored.email, email);
  assert.match(stored.api_key, /^m8_/);
  // POST /token mints a new key and retires the old one (wire §2.11).
  assert.notEqual(stored.api_key, signupKey);
  assert.equal((await ctx.server.api("/usage", { key: stored.api_key })).status, 200);

  const status = await runCli(ctx.bin, ["auth", "status"], { home });
  assert.equal(status.code, 0, status.stderr);
  assert.match(status.stdout, new RegExp(`base URL: +${escape(ctx.server.baseUrl)}`));
  assert.match(status.stdout, new RegExp(`account: +${escape(email)}`));
  assert.match(status.stdout, /plan: +\S+/);
  assert.match(status.stdout, /runs: +\d+ of \d+/);

  const asJson = await runCli(ctx.bin, ["auth", "status", "--output", "json"], { home });
  assert.equal(asJson.code, 0, asJson.stderr);
  const parsed = JSON.parse(asJson.stdout);
  assert.equal(parsed.base_url, ctx.server.baseUrl);
  assert.equal(typeof parsed.usage.runs_used, "number");
});

test("login with --api-key honours XDG_CONFIG_HOME and tightens an existing folder to 0700", async () => {
  const home = ctx.home();
  const configHome = join(home, "xdg-config");
  mkdirSync(join(configHome, "m8tes"), { recursive: true });
  chmodSync(join(configHome, "m8tes"), 0o755);
  const result = await runCli(ctx.bin, ["auth", "login", "--api-key", ctx.server.apiKey, "--base-url", ctx.server.baseUrl], {
    home,
    env: { XDG_CONFIG_HOME: configHome },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(existsSync(join(home, ".config", "m8tes", "credentials.json")), false);
  assert.equal(mode(credentialsFile(configHome)), 0o600);
  assert.equal(mode(join(configHome, "m8tes")), 0o700);
  assert.equal(storedCredentials(configHome).api_key, ctx.server.apiKey);

  const list = await runCli(ctx.bin, ["mate", "list"], { home, env: { XDG_CONFIG_HOME: configHome } });
  assert.equal(list.code, 0, list.stderr);
});

test("login with `--api-key -` reads the key from stdin", async () => {
  const home = ctx.home();
  const result = await runCli(ctx.bin, ["auth", "login", "--api-key", "-", "--base-url", ctx.server.baseUrl], {
    home,
    stdin: `${ctx.server.apiKey}\n`,
  });
  assert.equal(result.code, 0, result.stderr);
  assert.equal(storedCredentials(join(home, ".config")).api_key, ctx.server.apiKey);
});

test("a wrong password exits 3 and stores nothing", async () => {
  const home = ctx.home();
  const { email } = await signUp();
  const result = await runCli(ctx.bin, ["auth", "login"], {
    home,
    env: { M8TES_BASE_URL: ctx.server.baseUrl },
    stdin: `${email}\nnot-the-password\n`,
  });
  assert.equal(result.code, 3);
  assert.match(result.stderr, /wrong email or password/);
  assert.equal(existsSync(credentialsFile(join(home, ".config"))), false);
});

test("a key the API refuses exits 3 and stores nothing", async () => {
  const home = ctx.home();
  const bogus = "m8_not_a_real_key_0123456789";
  forbid(bogus);
  const result = await runCli(ctx.bin, ["auth", "login", "--api-key", bogus, "--base-url", ctx.server.baseUrl], { home });
  assert.equal(result.code, 3);
  assertOneErrorLine(result, /refused this key/);
  assert.equal(existsSync(credentialsFile(join(home, ".config"))), false);
});

test("login with no input at all is a usage error", async () => {
  const home = ctx.home();
  const result = await runCli(ctx.bin, ["auth", "login"], { home, env: { M8TES_BASE_URL: ctx.server.baseUrl }, stdin: "" });
  assert.equal(result.code, 2);
  assert.match(result.stderr, /m8tes: no email given/);
});

test("logout removes the stored key; afterwards commands exit 3 with one line", async () => {
  const home = ctx.home();
  const login = await runCli(ctx.bin, ["auth", "login", "--api-key", ctx.server.apiKey, "--base-url", ctx.server.baseUrl], { home });
  assert.equal(login.code, 0, login.stderr);
  const logout = await runCli(ctx.bin, ["auth", "logout"], { home });
  assert.equal(logout.code, 0, logout.stderr);
  assert.match(logout.stdout, /logged out/);
  assert.equal(existsSync(credentialsFile(join(home, ".config"))), false);

  for (const args of [["auth", "status"], ["mate", "list"], ["mate", "task", "1", "hello"], ["mate", "chat", "1"]]) {
    const result = await runCli(ctx.bin, args, { home });
    assert.equal(result.code, 3, `${args.join(" ")}: ${result.stderr}`);
    assertOneErrorLine(result, /not logged in/);
  }
  const again = await runCli(ctx.bin, ["auth", "logout"], { home });
  assert.equal(again.code, 0);
  assert.match(again.stdout, /not logged in/);
});

test("M8TES_API_KEY and M8TES_BASE_URL override the stored login", async () => {
  const home = ctx.home();
  const deadPort = await freePort();
  const stale = "m8_stale_key_that_no_server_knows";
  forbid(stale);
  mkdirSync(join(home, ".config", "m8tes"), { recursive: true, mode: 0o700 });
  writeFileSync(
    credentialsFile(join(home, ".config")),
    JSON.stringify({ api_key: stale, base_url: `http://127.0.0.1:${deadPort}/api/v2` }),
    { mode: 0o600 },
  );
  const result = await runCli(ctx.bin, ["auth", "status"], {
    home,
    env: { M8TES_API_KEY: ctx.server.apiKey, M8TES_BASE_URL: ctx.server.baseUrl },
  });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stdout, /key: +from M8TES_API_KEY/);
  assert.match(result.stdout, /from M8TES_BASE_URL/);
});

test("a stored key the server no longer accepts exits 3", async () => {
  const home = ctx.home();
  const revoked = "m8_revoked_key_0000000000000000";
  forbid(revoked);
  const result = await runCli(ctx.bin, ["mate", "list"], {
    home,
    env: { M8TES_API_KEY: revoked, M8TES_BASE_URL: ctx.server.baseUrl },
  });
  assert.equal(result.code, 3);
  assertOneErrorLine(result, /not authenticated/);
});

test("an unreachable server exits 4 with one line", async () => {
  const home = ctx.home();
  const deadPort = await freePort();
  const result = await runCli(ctx.bin, ["mate", "list"], {
    home,
    env: { M8TES_API_KEY: ctx.server.apiKey, M8TES_BASE_URL: `http://127.0.0.1:${deadPort}/api/v2` },
  });
  assert.equal(result.code, 4);
  assertOneErrorLine(result);
});

function escape(text) {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&");
}
