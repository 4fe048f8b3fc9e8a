// Progress on long work, on a pseudo-terminal (util-linux `script`) and in a pipe: the spinner
// with elapsed time while a run works and nothing streams, the page counter of a listing, the
// bar of `run download`. They appear only on a terminal (not TERM=dumb), never in a pipe and
// never with `-o json`; NO_COLOR and --no-color take their colour away.
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { runCli, startCli } from "./harness/cli.mjs";
import { useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();
const TERM = { TERM: "xterm-256color" };
const CTRL_C = "\x03";
const FRAME = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]/;
/** A spinner frame, its label and the seconds since the run started, colour codes allowed between. */
const SPINNER = /[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏](?:\x1b\[0m)? run \d+ working (?:\x1b\[2m)?\d+s/;
const ESCAPE = /\x1b\[/;
/** A run slow enough to be silent: the simulated agent waits a second before each piece of text. */
const SLOW = "simulate:slow tell me a long story";

/** Starts a slow run on a terminal, waits until `pattern` shows, then stops it with Ctrl-C. */
async function slowRunOnTerminal(args, env, pattern) {
  const mate = await ctx.createMate();
  const cli = startCli(ctx.bin, ["agent", "task", String(mate.id), SLOW, ...args], { home: ctx.home(), env: { ...ctx.env, ...env }, tty: true });
  await cli.waitFor(pattern, { stream: "stdout" });
  cli.write(CTRL_C);
  const result = await cli.done;
  assert.equal(result.code, 130, result.stdout);
  return result.stdout;
}

/** The same slow run in a pipe: waits for its first words and a silence after them, then SIGINT. */
async function slowRunInPipe(args) {
  const mate = await ctx.createMate();
  const cli = startCli(ctx.bin, ["agent", "task", String(mate.id), SLOW, ...args], { home: ctx.home(), env: ctx.env });
  await cli.waitFor(/"text-delta"|^run \d+$/m, { stream: "stdout" });
  await new Promise((resolve) => setTimeout(resolve, 1500));
  cli.signal("SIGINT");
  return cli.done;
}

test("a spinner with the elapsed time shows on a terminal while the run is silent, in colour", async () => {
  const screen = await slowRunOnTerminal([], TERM, SPINNER);
  assert.match(screen, /\x1b\[36m[⠋⠙⠹⠸⠼⠴⠦⠧⠇⠏]\x1b\[0m run \d+ working/);
  // It is rubbed out (carriage return, spaces, carriage return) before text is written.
  assert.match(screen, /\r +\r/);
  assert.match(screen, /\(stopped\)/);
});

test("NO_COLOR and --no-color keep the spinner but take every escape sequence away", async () => {
  for (const [args, env] of [[[], { ...TERM, NO_COLOR: "1" }], [["--no-color"], TERM]]) {
    const screen = await slowRunOnTerminal(args, env, SPINNER);
    assert.doesNotMatch(screen, ESCAPE, `${JSON.stringify(env)} ${args}: ${JSON.stringify(screen.slice(0, 400))}`);
  }
});

test("no spinner in a pipe, with -o json, or on TERM=dumb", async () => {
  const piped = await slowRunInPipe([]);
  assert.equal(piped.code, 130, piped.stderr);
  assert.match(piped.stdout, /^run \d+$/m);
  assert.doesNotMatch(piped.stderr, FRAME);
  assert.doesNotMatch(piped.stderr + piped.stdout, /\r/);

  const json = await slowRunInPipe(["-o", "json"]);
  assert.doesNotMatch(json.stderr + json.stdout, FRAME);

  // On a terminal too: -o json and TERM=dumb draw nothing, however long the silence.
  for (const [args, env] of [[["-o", "json"], TERM], [[], { TERM: "dumb" }]]) {
    const mate = await ctx.createMate();
    const cli = startCli(ctx.bin, ["agent", "task", String(mate.id), SLOW, ...args], { home: ctx.home(), env: { ...ctx.env, ...env }, tty: true });
    await cli.waitFor(/"text-delta"|run \d+\r?\n/, { stream: "stdout" });
    await new Promise((resolve) => setTimeout(resolve, 1500));
    cli.write(CTRL_C);
    const result = await cli.done;
    assert.doesNotMatch(result.stdout, FRAME, `${args} ${JSON.stringify(env)}`);
  }
});

test("a listing counts its items on a terminal as the pages arrive, and not in a pipe or with -o json", async () => {
  for (let i = 0; i < 23; i++) await ctx.createMate({ name: `counted ${i}` });
  const home = ctx.home();
  const onTerminal = startCli(ctx.bin, ["agent", "list"], { home, env: { ...ctx.env, ...TERM }, tty: true });
  const screen = (await onTerminal.done).stdout;
  assert.match(screen, /listing agents: \d+/);
  assert.match(screen, /counted 22/);

  const piped = await runCli(ctx.bin, ["agent", "list"], { home, env: ctx.env });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stderr, "");
  assert.match(piped.stdout, /counted 22/);

  const json = startCli(ctx.bin, ["agent", "list", "-o", "json"], { home, env: { ...ctx.env, ...TERM }, tty: true });
  const jsonScreen = (await json.done).stdout;
  assert.doesNotMatch(jsonScreen, /listing/);
  assert.equal(jsonScreen.trim().split(/\r?\n/).filter(Boolean).every((line) => JSON.parse(line).id > 0), true);
});

test("run download shows a bar on a terminal, filled to 100%, and nothing in a pipe", async () => {
  const { json: made } = await ctx.server.api("/runs/", { method: "POST", body: { message: "build a report of MRR", tools: ["stripe"], stream: false } });
  const run = await ctx.server.waitForRun(made.id);
  const [file] = (await ctx.server.api(`/runs/${run.id}/files`)).json;
  assert.ok(file, "the run made no file");
  const home = ctx.home();

  const onTerminal = startCli(ctx.bin, ["run", "download", String(run.id), file.name, "--out", "bar.csv"], { home, env: { ...ctx.env, ...TERM }, tty: true });
  const screen = (await onTerminal.done).stdout;
  assert.match(screen, new RegExp(`${file.name.replace(".", "\\.")} (?:\\x1b\\[32m)?█{24}(?:\\x1b\\[0m)? 100% `));
  assert.match(screen, /saved .+ to /);
  const piped = await runCli(ctx.bin, ["run", "download", String(run.id), file.name, "--out", "pipe.csv", "-o", "json"], { home, env: ctx.env });
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stderr, "");
  assert.deepEqual(JSON.parse(piped.stdout), { run_id: run.id, name: file.name, size: file.size, path: join(home, "pipe.csv") });
  assert.deepEqual(readFileSync(join(home, "pipe.csv")), readFileSync(join(home, "bar.csv")));
  assert.equal(readFileSync(join(home, "pipe.csv")).length, file.size);
});
