// `m8tes completion bash|zsh|fish`: the bash script really completes (bash is run with it
// sourced and its function called with COMP_WORDS set), and it completes exactly what `--help`
// lists, since both come from the one command table; the zsh and fish scripts parse (`zsh -n`,
// `fish -n`) where those shells are installed.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { after, before, test } from "node:test";
import { installCli, runCli } from "./harness/cli.mjs";

let bin;
let folder;
const scripts = {};

before(async () => {
  bin = installCli().bin;
  folder = mkdtempSync(join(tmpdir(), "m8tes-completion-"));
  for (const shell of ["bash", "zsh", "fish"]) {
    const result = await runCli(bin, ["completion", shell], { home: folder });
    assert.equal(result.code, 0, result.stderr);
    assert.equal(result.stderr, "");
    scripts[shell] = join(folder, `m8tes.${shell}`);
    writeFileSync(scripts[shell], result.stdout);
  }
});
after(() => rmSync(folder, { recursive: true, force: true }));

/** What bash's completion offers for the words typed (the last one being completed). */
function bashComplete(cases) {
  const driver = [
    `source ${JSON.stringify(scripts.bash)}`,
    ...cases.map((words) => {
      const quoted = words.map((w) => `'${w.replace(/'/g, "'\\''")}'`).join(" ");
      return `COMP_WORDS=(${quoted}); COMP_CWORD=${words.length - 1}; COMPREPLY=(); _m8tes; echo "\${COMPREPLY[*]}"`;
    }),
  ].join("\n");
  const result = spawnSync("bash", ["--norc", "--noprofile", "-c", driver], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.equal(result.stderr, "");
  return result.stdout.split("\n").slice(0, cases.length).map((line) => line.split(" ").filter(Boolean));
}

const has = (shell) => spawnSync(shell, ["--version"]).status === 0;

test("bash completion completes groups, aliases, commands, options and option values", () => {
  const [top, ag, mate, mateL, listOptions, outputValues, modes, shells, tools, afterValue, noColor, unknown] = bashComplete([
    ["m8tes", ""],
    ["m8tes", "ag"],
    ["m8tes", "mate", ""],
    ["m8tes", "mate", "l"],
    ["m8tes", "agent", "list", "--"],
    ["m8tes", "run", "get", "5", "-o", ""],
    ["m8tes", "r", "set-permission-mode", "3", ""],
    ["m8tes", "completion", ""],
    ["m8tes", "agent", "create", "--tools", ""],
    ["m8tes", "run", "list", "--limit", "5", "--st"],
    ["m8tes", "--no-color", "task", "ex"],
    ["m8tes", "frobnicate", ""],
  ]);
  assert.deepEqual(top, ["auth", "apps", "agent", "task", "run", "completion", "--help", "--version", "--no-color"]);
  assert.deepEqual(ag, ["agent"]);
  assert.deepEqual(mate, ["create", "list", "get", "task", "chat", "update", "enable", "disable", "archive", "--help"]);
  assert.deepEqual(mateL, ["list"]);
  assert.deepEqual(listOptions, ["--include-disabled", "--user-id", "--output", "--help"]);
  assert.deepEqual(outputValues, ["verbose", "compact", "json"]);
  assert.deepEqual(modes.slice(0, 3), ["autonomous", "approval", "plan"]);
  assert.deepEqual(shells.slice(0, 3), ["bash", "zsh", "fish"]);
  assert.deepEqual(tools, [], "a free value (app ids) completes to nothing rather than to options");
  assert.deepEqual(afterValue, ["--status"]);
  assert.deepEqual(noColor, ["execute"]);
  assert.deepEqual(unknown, []);
});

test("bash completes every available command and option that --help lists (one table for both)", async () => {
  const home = folder;
  const top = await runCli(bin, ["--help"], { home });
  const rows = [...top.stdout.matchAll(/^ {2}([a-z]+)(?: ([a-z-]+))? {2,}(.*)$/gm)].map((m) => ({ group: m[1], command: m[2], summary: m[3] }));
  const available = rows.filter((r) => !r.summary.includes("— not available "));
  const unavailable = rows.filter((r) => r.summary.includes("— not available "));
  assert.ok(available.length >= 35 && unavailable.length >= 4, top.stdout);

  const groups = [...new Set(available.filter((r) => r.command).map((r) => r.group))];
  const offered = bashComplete(groups.map((g) => ["m8tes", g, ""]));
  groups.forEach((group, i) => {
    const expected = available.filter((r) => r.group === group && r.command).map((r) => r.command);
    assert.deepEqual(offered[i].filter((w) => !w.startsWith("-")), expected, group);
  });
  // What cannot run is not offered: nothing of google, no audit-logs, no register.
  const [topWords, runWords, authWords] = bashComplete([["m8tes", ""], ["m8tes", "run", ""], ["m8tes", "auth", ""]]);
  assert.ok(!topWords.includes("google"));
  assert.ok(!runWords.includes("audit-logs"));
  assert.ok(!authWords.includes("register"));

  // Each command's options as its --help lists them.
  const commands = available.filter((r) => r.command);
  const optionWords = bashComplete(commands.map((r) => ["m8tes", r.group, r.command, "--"]));
  for (const [i, r] of commands.entries()) {
    const help = await runCli(bin, [r.group, r.command, "--help"], { home });
    const listed = [...help.stdout.matchAll(/^ {2}(?:-\w, )? *(--[a-z-]+)/gm)].map((m) => m[1]).filter((o) => o !== "--no-color");
    assert.deepEqual(optionWords[i], listed, `${r.group} ${r.command}`);
  }
});

test("zsh completion parses (zsh -n) and its function offers the words (compadd stubbed)", (t) => {
  if (!has("zsh")) return t.skip("zsh is not installed here");
  const parsed = spawnSync("zsh", ["-n", scripts.zsh], { encoding: "utf8" });
  assert.equal(parsed.status, 0, parsed.stderr);
  // Outside an interactive completion, compadd is a stub that prints what it is given.
  const driver = [
    "compdef() { : }",
    `source ${JSON.stringify(scripts.zsh)}`,
    'compadd() { shift; print -r -- "$*" }',
    'words=(m8tes mate ""); CURRENT=3; _m8tes',
    'words=(m8tes run get 5 -o ""); CURRENT=6; _m8tes',
  ].join("\n");
  const result = spawnSync("zsh", ["-f", "-c", driver], { encoding: "utf8" });
  assert.equal(result.status, 0, result.stderr);
  assert.deepEqual(result.stdout.trim().split("\n"), ["create list get task chat update enable disable archive --help", "verbose compact json"]);
});

test("fish completion parses (fish -n) and completes (complete -C)", (t) => {
  if (!has("fish")) return t.skip("fish is not installed here");
  const parsed = spawnSync("fish", ["-n", scripts.fish], { encoding: "utf8" });
  assert.equal(parsed.status, 0, parsed.stderr);
  const words = (line) => {
    const result = spawnSync("fish", ["--no-config", "-c", `source ${scripts.fish}; complete -C '${line}'`], { encoding: "utf8" });
    assert.equal(result.status, 0, result.stderr);
    return result.stdout.trim().split("\n").map((l) => l.split("\t")[0]);
  };
  assert.deepEqual(words("m8tes mate "), ["archive", "chat", "create", "disable", "enable", "get", "list", "task", "update"]);
  assert.deepEqual(words("m8tes run get 5 -o "), ["compact", "json", "verbose"]);
  assert.deepEqual(words("m8tes completion "), ["bash", "fish", "zsh"]);
});

test("the zsh and fish scripts are written from the same table: every available command is in them", async () => {
  const { readFileSync } = await import("node:fs");
  const zsh = readFileSync(scripts.zsh, "utf8");
  const fish = readFileSync(scripts.fish, "utf8");
  const bash = readFileSync(scripts.bash, "utf8");
  assert.match(zsh, /^#compdef m8tes$/m);
  assert.match(zsh, /compdef _m8tes m8tes/);
  // bash and zsh share the data functions byte for byte.
  const data = (text) => text.slice(text.indexOf("_m8tes_group() {"), text.indexOf("_m8tes() {"));
  assert.equal(data(zsh), data(bash));
  for (const [group, aliases, command] of [["agent", "agent mate teammate m agents", "list ls"], ["run", "run r", "set-permission-mode mode"], ["task", "task tasks", "execute exec x"]]) {
    assert.ok(fish.includes(`complete -c m8tes -n __fish_use_subcommand -a ${group} `), group);
    assert.ok(fish.includes(`'__m8tes_at \\'${aliases}\\' \\'${command}\\''`), `${group} ${command}`);
  }
  assert.ok(!fish.includes("audit-logs") && !fish.includes("google"));
});
