// The command surface: `--help` everywhere, usage errors, `npx m8tes` from the tarball, and
// the teammate listings.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { tarball } from "../npm/harness/paths.mjs";
import { assertOneErrorLine, installCli, runCli } from "./harness/cli.mjs";
import { useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();

/** The commands `m8tes --help` lists, e.g. ["auth login", "agent task", "completion", …]. */
async function listedCommands(home) {
  const top = await runCli(ctx.bin, ["--help"], { home });
  assert.equal(top.code, 0, top.stderr);
  return [...top.stdout.matchAll(/^ {2}([a-z]+(?: [a-z-]+)?) {2,}/gm)].map((m) => m[1]);
}

test("--help works on every command and names it", async () => {
  const home = ctx.home();
  const commands = await listedCommands(home);
  for (const expected of ["auth login", "auth logout", "auth status", "agent list", "agent get", "agent task", "agent chat", "run get", "run download", "completion"]) {
    assert.ok(commands.includes(expected), `m8tes --help does not list ${expected}`);
  }
  // --help on every command, -h on every other one: the same parser path, half the processes.
  for (const [index, command] of commands.entries()) {
    for (const flag of index % 2 ? ["--help", "-h"] : ["--help"]) {
      const result = await runCli(ctx.bin, [...command.split(" "), flag], { home });
      assert.equal(result.code, 0, `${command} ${flag}: ${result.stderr}`);
      assert.match(result.stdout, new RegExp(`^usage: m8tes ${command}`), `${command} ${flag}`);
      assert.match(result.stdout, /--help/);
    }
  }
  // A group's help under its name or any alias is the group's (SDK 4.49's names first).
  for (const [group, typed] of [["auth", "auth"], ["agent", "mate"], ["agent", "m"], ["run", "r"], ["task", "tasks"], ["apps", "app"]]) {
    const result = await runCli(ctx.bin, [typed, "--help"], { home });
    assert.equal(result.code, 0, result.stderr);
    assert.match(result.stdout, new RegExp(`^usage: m8tes ${group} COMMAND`));
  }
});

test("usage errors exit 2 with one line on stderr, before any request", async () => {
  const home = ctx.home();
  const cases = [
    [["frobnicate"], /unknown command "frobnicate"/],
    [["mate", "frob"], /unknown command "mate frob"/],
    [["mate", "task"], /missing MESSAGE/],
    [["mate", "task", "7"], /missing MESSAGE/],
    [["mate", "task", "0", "hi"], /ID must be a positive whole number/],
    [["agent", "chat", "seven"], /unexpected argument "seven"/],
    [["run", "get", "7", "extra"], /unexpected argument "extra"/],
    [["agent", "create"], /--name is required/],
    [["agent", "update", "7"], /nothing to change/],
    [["task", "create", "--instructions", "x"], /--agent-id is required/],
    [["run", "set-permission-mode", "7", "sometimes"], /MODE must be one of autonomous, approval, plan/],
    [["run", "list", "--limit", "0"], /--limit must be a positive whole number/],
    [["completion", "tcsh"], /SHELL must be one of bash, zsh, fish/],
    [["apps", "connect-oauth", "gmail"], /--redirect-uri is required/],
    [["mate", "task", "7", "hi", "--output", "yaml"], /--output must be one of verbose, compact, json/],
    [["mate", "list", "--frob"], /unknown option --frob/],
    [["mate", "show", "0"], /ID must be a positive whole number/],
    [["run", "download", "1"], /missing FILE/],
    [["auth", "login", "--api-key"], /--api-key needs a value/],
    // A key given where an argument was not expected is not echoed back.
    [["auth", "login", ctx.server.apiKey], /unexpected argument "m8_\[redacted\]"/],
  ];
  for (const [args, message] of cases) {
    // Logged in, so a request would have succeeded: exit 2 proves the parser refused first.
    const result = await runCli(ctx.bin, args, { home, env: ctx.env });
    assert.equal(result.code, 2, `${args.join(" ")}: ${result.stderr}`);
    assertOneErrorLine(result, message);
  }
  const bare = await runCli(ctx.bin, [], { home });
  assert.equal(bare.code, 2);
  assert.match(bare.stderr, /^usage: m8tes \[--api-key KEY\] \[--base-url URL\] \[--dev\] COMMAND/);
});

test("npx m8tes runs the tarball's bin", async () => {
  const { project } = installCli();
  const version = JSON.parse(readFileSync(join(project, "node_modules", "@m8tes", "wasm", "package.json"), "utf8")).version;
  const out = execFileSync("npx", ["--no-install", "m8tes", "--version"], {
    cwd: project,
    env: { PATH: process.env.PATH, HOME: ctx.home(), npm_config_update_notifier: "false" },
    encoding: "utf8",
  });
  assert.equal(out.trim(), `m8tes ${version}`);

  // And with no project at all, straight from the tarball (npx installs it into its own cache).
  const home = ctx.home();
  const fromTarball = execFileSync("npx", ["--yes", "--offline", "--package", tarball, "m8tes", "--version"], {
    cwd: home,
    env: { PATH: process.env.PATH, HOME: home, npm_config_cache: join(home, "npm-cache"), npm_config_update_notifier: "false" },
    encoding: "utf8",
  });
  assert.equal(fromTarball.trim(), `m8tes ${version}`);
});

test("mate list and mate show in every output mode", async () => {
  const home = ctx.home();
  const first = await ctx.createMate({ name: "Support desk", role: "support", instructions: "Answer tickets" });
  const second = await ctx.createMate({ name: "Finance", tools: ["stripe"] });

  const verbose = await runCli(ctx.bin, ["mate", "list"], { home, env: ctx.env });
  assert.equal(verbose.code, 0, verbose.stderr);
  assert.match(verbose.stdout, /^ID +NAME +STATUS +TOOLS$/m);
  assert.match(verbose.stdout, new RegExp(`^${first.id} +Support desk +enabled +gmail, slack, linear, stripe$`, "m"));
  assert.match(verbose.stdout, new RegExp(`^${second.id} +Finance +enabled +stripe$`, "m"));

  const compact = await runCli(ctx.bin, ["mate", "list", "-o", "compact"], { home, env: ctx.env });
  assert.match(compact.stdout, new RegExp(`^${second.id} +Finance$`, "m"));

  const json = await runCli(ctx.bin, ["mate", "list", "--output=json"], { home, env: ctx.env });
  const listed = json.stdout.trim().split("\n").map((line) => JSON.parse(line));
  assert.deepEqual(
    listed.filter((m) => m.id === first.id || m.id === second.id).map((m) => m.name),
    ["Support desk", "Finance"],
  );

  const show = await runCli(ctx.bin, ["mate", "show", String(first.id)], { home, env: ctx.env });
  assert.equal(show.code, 0, show.stderr);
  assert.match(show.stdout, /^name: +Support desk$/m);
  assert.match(show.stdout, /^role: +support$/m);
  assert.match(show.stdout, /^instructions: +Answer tickets$/m);
  const shownJson = await runCli(ctx.bin, ["mate", "show", String(first.id), "-o", "json"], { home, env: ctx.env });
  assert.equal(JSON.parse(shownJson.stdout).id, first.id);
});

test("a teammate that does not exist exits 4 with the server's one-line error", async () => {
  const home = ctx.home();
  const result = await runCli(ctx.bin, ["mate", "show", "987654"], { home, env: ctx.env });
  assert.equal(result.code, 4);
  assertOneErrorLine(result, /HTTP 404/);
});

test("mate list shows every page of teammates", async () => {
  const made = [];
  // More than one page at the server's default page size (20).
  for (let i = 0; i < 23; i++) made.push((await ctx.createMate({ name: `paged mate ${i}` })).id);
  const result = await runCli(ctx.bin, ["mate", "list", "-o", "json"], { home: ctx.home(), env: ctx.env });
  assert.equal(result.code, 0, result.stderr);
  const listed = result.stdout.trim().split("\n").map((line) => JSON.parse(line).id);
  for (const id of made) assert.ok(listed.includes(id), `teammate ${id} missing from mate list`);
  assert.equal(new Set(listed).size, listed.length, "a teammate was listed twice");
});

test("SDK 4.49's options before the command: --api-key, --base-url and --dev win for that call", async () => {
  const home = ctx.home();
  const mate = await ctx.createMate({ name: "Global flags" });
  const flags = await runCli(ctx.bin, ["--api-key", ctx.server.apiKey, "--base-url", ctx.server.baseUrl, "agent", "get", String(mate.id), "-o", "json"], { home });
  assert.equal(flags.code, 0, flags.stderr);
  assert.equal(JSON.parse(flags.stdout).name, "Global flags");
  // Over a stored login or the environment: a wrong key in M8TES_API_KEY loses to --api-key=.
  const inline = await runCli(ctx.bin, [`--api-key=${ctx.server.apiKey}`, "agent", "get", String(mate.id), "-o", "json"], {
    home,
    env: { M8TES_API_KEY: "m8_not_a_real_key_at_all", M8TES_BASE_URL: ctx.server.baseUrl },
  });
  assert.equal(inline.code, 0, inline.stderr);
  // --dev is http://127.0.0.1:$M8TES_PORT/api/v2.
  const port = new URL(ctx.server.baseUrl).port;
  const dev = await runCli(ctx.bin, ["--dev", "--api-key", ctx.server.apiKey, "agent", "get", String(mate.id), "-o", "json"], { home, env: { M8TES_PORT: port } });
  assert.equal(dev.code, 0, dev.stderr);
  const missing = await runCli(ctx.bin, ["--api-key"], { home });
  assert.equal(missing.code, 2);
  assertOneErrorLine(missing, /--api-key needs a value/);
});
