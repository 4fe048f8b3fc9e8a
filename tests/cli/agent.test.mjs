// `m8tes agent create | update | archive | list --include-disabled` and SDK 4.49's aliases
// (`mate`, `teammate`, `m`, `agents`; `ls`, `g`, `show` …), each checked against what the
// server itself holds.
import assert from "node:assert/strict";
import { test } from "node:test";
import { assertOneErrorLine, runCli, startCli } from "./harness/cli.mjs";
import { useCliAndServer } from "./harness/fixture.mjs";

const ctx = useCliAndServer();
const cli = (args, options = {}) => runCli(ctx.bin, args, { home: ctx.home(), env: ctx.env, ...options });
const serverAgent = async (id) => (await ctx.server.api(`/teammates/${id}`)).json;

test("agent create: flags become the agent, --tools takes words and commas; json is the server's object", async () => {
  const made = await cli([
    "agent", "create", "--name", "Ops desk", "--instructions", "Watch the queue", "--role", "ops",
    "--goals", "No ticket older than a day", "--tools", "gmail", "slack,linear", "--non-interactive", "-o", "json",
  ]);
  assert.equal(made.code, 0, made.stderr);
  const agent = JSON.parse(made.stdout);
  assert.deepEqual(await serverAgent(agent.id), agent);
  assert.equal(agent.name, "Ops desk");
  assert.equal(agent.instructions, "Watch the queue");
  assert.equal(agent.role, "ops");
  assert.equal(agent.goals, "No ticket older than a day");
  assert.deepEqual(agent.tools, ["gmail", "slack", "linear"]);

  const plain = await cli(["mate", "c", "--name", "Second"]);
  assert.equal(plain.code, 0, plain.stderr);
  assert.match(plain.stdout, /^created agent \d+ Second$/m);
});

test("agent update changes only the fields given, under every alias of the group", async () => {
  const mate = await ctx.createMate({ name: "Before", instructions: "Old", role: "kept" });
  const updated = await cli(["teammate", "update", String(mate.id), "--name", "After", "--instructions", "New"]);
  assert.equal(updated.code, 0, updated.stderr);
  assert.match(updated.stdout, /^name: +After$/m);
  const held = await serverAgent(mate.id);
  assert.equal(held.name, "After");
  assert.equal(held.instructions, "New");
  assert.equal(held.role, "kept");

  const viaM = await cli(["m", "u", String(mate.id), "--tools", "stripe", "-o", "json"]);
  assert.equal(viaM.code, 0, viaM.stderr);
  assert.deepEqual(JSON.parse(viaM.stdout).tools, ["stripe"]);
  assert.deepEqual((await serverAgent(mate.id)).tools, ["stripe"]);
});

test("agent get and its aliases (g, show; mate, agents) show the same agent", async () => {
  const mate = await ctx.createMate({ name: "Looked at" });
  const outputs = [];
  for (const args of [["agent", "get"], ["agent", "g"], ["mate", "show"], ["agents", "get"], ["teammate", "show"]]) {
    const result = await cli([...args, String(mate.id), "-o", "json"]);
    assert.equal(result.code, 0, `${args.join(" ")}: ${result.stderr}`);
    outputs.push(result.stdout);
  }
  assert.equal(new Set(outputs).size, 1);
  assert.equal(JSON.parse(outputs[0]).name, "Looked at");
});

test("agent list hides disabled agents unless --include-disabled, which also shows archived ones", async () => {
  const enabled = await ctx.createMate({ name: "Awake" });
  const disabled = await ctx.createMate({ name: "Asleep" });
  const archived = await ctx.createMate({ name: "Gone" });
  assert.equal((await cli(["agent", "disable", String(disabled.id), "--force"])).code, 0);
  assert.equal((await ctx.server.api(`/teammates/${archived.id}`, { method: "DELETE" })).status < 300, true);

  const ids = (stdout) => stdout.trim().split("\n").map((line) => JSON.parse(line).id);
  const shown = await cli(["agent", "ls", "-o", "json"]);
  assert.equal(shown.code, 0, shown.stderr);
  assert.ok(ids(shown.stdout).includes(enabled.id));
  assert.ok(!ids(shown.stdout).includes(disabled.id), "a disabled agent is listed by default");
  assert.ok(!ids(shown.stdout).includes(archived.id), "an archived agent is listed by default");

  const all = await cli(["agent", "list", "--include-disabled"]);
  assert.equal(all.code, 0, all.stderr);
  assert.match(all.stdout, new RegExp(`^${disabled.id} +Asleep +disabled `, "m"));
  assert.match(all.stdout, new RegExp(`^${archived.id} +Gone +\\S+`, "m"));
});

test("agent archive asks first: no answer keeps the agent, y or --force archives it", async () => {
  const mate = await ctx.createMate({ name: "Doomed" });
  const kept = await cli(["agent", "archive", String(mate.id)], { stdin: "n\n" });
  assert.equal(kept.code, 1);
  assert.match(kept.stderr, /Archive agent \d+ Doomed\? \[y\/N\]/);
  assertOneErrorLine({ ...kept, stderr: kept.stderr.replace(/^Archive agent.*\n/m, "") }, /not confirmed: nothing was changed/);
  assert.equal((await serverAgent(mate.id)).status, "enabled");

  const yes = await cli(["agent", "archive", String(mate.id)], { stdin: "y\n" });
  assert.equal(yes.code, 0, yes.stderr);
  assert.match(yes.stdout, new RegExp(`^archived agent ${mate.id} Doomed$`, "m"));
  const listed = await ctx.server.api("/teammates/?limit=100");
  assert.ok(!listed.json.data.some((a) => a.id === mate.id), "the archived agent is still listed");

  const other = await ctx.createMate();
  const forced = await cli(["agent", "a", String(other.id), "--force", "-o", "json"]);
  assert.equal(forced.code, 0, forced.stderr);
  assert.deepEqual(JSON.parse(forced.stdout), { id: other.id, archived: true });
  assert.equal(forced.stderr, "", "--force asked anyway");
});

test("agent task joins the words after ID into the message, as SDK 4.49 does", async () => {
  const mate = await ctx.createMate();
  const result = await cli(["agent", "t", String(mate.id), "post", "to", "#general", "that", "we", "shipped", "-o", "json"]);
  assert.equal(result.code, 0, result.stderr);
  const runId = JSON.parse(result.stdout.trim().split("\n").at(-1)).run_id;
  const messages = (await ctx.server.api(`/runs/${runId}/messages`)).json;
  assert.equal(messages[0].content, "post to #general that we shipped");
});

test("agent chat --resume RUN_ID replies in that run from the first line (SDK 4.49's flag)", async () => {
  const mate = await ctx.createMate();
  const { json: made } = await ctx.server.api("/runs/", { method: "POST", body: { message: "first words", teammate_id: mate.id, stream: false } });
  await ctx.server.waitForRun(made.id);
  const before = (await ctx.server.api(`/runs/${made.id}/messages`)).json.length;
  const result = await cli(["agent", "ch", String(mate.id), "--resume", String(made.id)], { stdin: "and again\n" });
  assert.equal(result.code, 0, result.stderr);
  assert.match(result.stderr, new RegExp(`\\(resumed run ${made.id}: the next line replies in it\\)`));
  await ctx.server.waitForRun(made.id);
  const messages = (await ctx.server.api(`/runs/${made.id}/messages`)).json;
  assert.equal(messages.length, before + 2);
  assert.equal(messages.at(-2).content, "and again");
  const bad = await cli(["agent", "chat", String(mate.id), "--resume", "soon"]);
  assert.equal(bad.code, 2);
  assertOneErrorLine(bad, /--resume must be a positive whole number/);
});

test("agent task without an ID runs on the newest enabled agent: told in a script, asked at a terminal", async () => {
  const newest = await ctx.createMate({ name: "Newest" });
  const piped = await cli(["agent", "task", "say", "hello", "-o", "json"]);
  assert.equal(piped.code, 0, piped.stderr);
  assert.equal(piped.stderr, `using agent ${newest.id} Newest (the most recently created enabled agent; pass an ID to choose)\n`);
  const runId = JSON.parse(piped.stdout.trim().split("\n").at(-1)).run_id;
  assert.equal((await ctx.server.api(`/runs/${runId}`)).json.teammate_id, newest.id);

  const declined = startCli(ctx.bin, ["agent", "task", "say hello"], { home: ctx.home(), env: ctx.env, tty: true });
  await declined.waitFor(`Use agent ${newest.id} Newest (the most recently created)? [Y/n] `);
  declined.write("n\r");
  const no = await declined.done;
  assert.equal(no.code, 2, no.stdout);
  assert.match(no.stdout, /m8tes: no agent chosen: pass its ID/);

  const accepted = startCli(ctx.bin, ["agent", "task", "say hello"], { home: ctx.home(), env: ctx.env, tty: true });
  await accepted.waitFor("[Y/n] ");
  accepted.write("\r");
  const yes = await accepted.done;
  assert.equal(yes.code, 0, yes.stdout);
  assert.match(yes.stdout, /^run \d+ completed\r?$/m);
});
