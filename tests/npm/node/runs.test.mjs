// Runs through the installed package against the real server's simulated agent: streams with
// text and tool events, the waiting helpers, replies, approvals and questions, failures, files.
import { describe, test } from "node:test";
import assert from "node:assert/strict";
import { collect, encodeSegment, useServerAndClient, watchStrayRejections } from "../harness/fixture.mjs";

const ctx = useServerAndClient();
const FAST = { interval: 50, timeout: 30_000 };

/** Raw server poll until the run pauses at a gate, so the gate methods can be called by hand. */
async function untilAwaiting(runId) {
  for (let i = 0; i < 600; i++) {
    const { json } = await ctx.server.api(`/runs/${runId}`);
    if (json.status === "awaiting_approval") return json;
    if (["completed", "failed", "cancelled", "closed"].includes(json.status)) {
      throw new Error(`run ${runId} ended (${json.status}) without pausing`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`run ${runId} never paused`);
}

describe("streaming", () => {
  test("a stream yields metadata, text deltas, tool events and done; text and runId accumulate", async () => {
    const { client, server } = ctx;
    const stream = client.runs.create({
      message: "Check my email and post to #general what needs doing",
      tools: ["gmail", "slack"],
    });
    const events = await collect(stream);
    const types = events.map((e) => e.type);
    assert.equal(types[0], "metadata", types.join(","));
    assert.equal(types.at(-1), "done", types.join(","));
    for (const event of events) assert.equal(typeof event.raw, "object", `${event.type} keeps raw`);

    assert.equal(typeof stream.runId, "number");
    assert.equal(events[0].payload.run_id, stream.runId);

    const starts = events.filter((e) => e.type === "tool-call-start");
    assert.deepEqual(starts.map((e) => e.toolName).sort(), ["gmail", "slack"]);
    for (const start of starts) {
      assert.ok(
        events.some((e) => e.type === "tool-result-end" && e.toolCallId === start.toolCallId),
        `tool ${start.toolName} has its result`,
      );
    }
    const deltas = events.filter((e) => e.type === "text-delta").map((e) => e.delta);
    assert.ok(deltas.length > 1, "text arrives in several deltas");
    assert.equal(stream.text, deltas.join(""));
    assert.ok(stream.text.length > 0);
    assert.equal(stream.hasErrors, false);
    assert.deepEqual(stream.errors, []);

    const run = await server.waitForRun(stream.runId);
    assert.equal(run.status, "completed");
    assert.equal(run.output, stream.text, "the run's output is its streamed text (D15)");
  });

  test("textStream() and finalText() see the same text", async () => {
    const { client } = ctx;
    const first = client.runs.create({ message: "What is our MRR?", tools: ["stripe"] });
    const pieces = await collect(first.textStream());
    assert.ok(pieces.every((p) => typeof p === "string"));
    const second = client.runs.create({ message: "What is our MRR?", tools: ["stripe"] });
    const final = await second.finalText();
    assert.equal(pieces.join(""), first.text);
    assert.equal(final, second.text);
    assert.ok(final.length > 0);
  });

  test("streamText yields the run's text as strings", async () => {
    const { client, server } = ctx;
    const parts = await collect(client.runs.streamText({ message: "Give me a one-line status of ticket ENG-1", tools: ["linear"] }));
    assert.ok(parts.length > 1);
    assert.ok(parts.every((p) => typeof p === "string"));
    const text = parts.join("");
    const runs = (await server.api("/runs/?limit=100")).json.data;
    assert.ok(runs.some((r) => r.output === text), "some run on the server produced exactly this text");
  });

  test("leaving a for-await early ends the stream quietly: no error, no unhandled rejection", async () => {
    const { client } = ctx;
    const stray = watchStrayRejections();
    const stream = client.runs.create({ message: "Check my email simulate:slow", tools: ["gmail"] });
    let seen = 0;
    for await (const event of stream) {
      seen++;
      if (event.type === "text-delta") break;
    }
    assert.ok(seen >= 1);
    await stray.check(assert);
  });

  test("a failing run: error events recorded, hasErrors, and raiseOnError throws RunFailedError", async () => {
    const { client, pkg, server } = ctx;
    const stream = client.runs.create({ message: "Do the thing simulate:failure" });
    const events = await collect(stream);
    assert.ok(events.some((e) => e.type === "error" && typeof e.error === "string"));
    assert.equal(stream.hasErrors, true);
    assert.ok(stream.errors.length >= 1);
    const run = await server.waitForRun(stream.runId);
    assert.equal(run.status, "failed");
    assert.equal(typeof run.error, "string");

    const strict = client.runs.create({ message: "Again simulate:failure", raiseOnError: true });
    await assert.rejects(collect(strict), (err) => {
      assert.ok(err instanceof pkg.RunFailedError, `${err?.name}: ${err?.message}`);
      assert.ok(err instanceof pkg.M8tesError);
      return true;
    });
  });
});

describe("waiting helpers", () => {
  test("createAndWait returns the finished run; poll agrees; get and list see it", async () => {
    const { client } = ctx;
    const run = await client.runs.createAndWait({ message: "How is MRR trending?", tools: ["stripe"] });
    assert.equal(run.status, "completed");
    assert.ok(run.output.length > 0);
    const polled = await client.runs.poll(run.id, FAST);
    assert.deepEqual(polled, run);
    assert.equal((await client.runs.get(run.id)).output, run.output);
    const page = await client.runs.list({ status: "completed", limit: 100 });
    assert.ok(page.data.some((r) => r.id === run.id));
  });

  test("reply continues the run: streaming and replyAndWait", async () => {
    const { client, server } = ctx;
    const run = await client.runs.create({ message: "Check my email", tools: ["gmail", "slack"], stream: false });
    assert.equal(run.status, "running");
    await client.runs.poll(run.id, FAST);

    const reply = client.runs.reply(run.id, { message: "Now post to #ops what you found" });
    const events = await collect(reply);
    assert.ok(events.some((e) => e.type === "tool-call-start" && e.toolName === "slack"));
    assert.ok(reply.text.length > 0);
    const afterReply = await server.waitForRun(run.id);
    assert.equal(afterReply.output, reply.text, "output is the last turn's text (D15)");

    const waited = await client.runs.replyAndWait(run.id, { message: "Thanks, that is all" });
    assert.equal(waited.status, "completed");
    assert.equal(waited.id, run.id);
    assert.notEqual(waited.output, reply.text);
  });

  test("an approval run is answered through wait's onApproval callback", async () => {
    const { client } = ctx;
    const run = await client.runs.create({
      message: "Email the team about the launch",
      tools: ["gmail"],
      human_in_the_loop: true,
      permission_mode: "approval",
      stream: false,
    });
    const asked = [];
    const done = await client.runs.wait(run.id, {
      ...FAST,
      onApproval: async (request) => {
        asked.push(request);
        return "allow";
      },
      onQuestion: () => assert.fail("no question in approval mode"),
    });
    assert.equal(done.status, "completed");
    assert.ok(asked.length >= 1);
    assert.equal(asked[0].tool_name, "gmail");
    assert.equal(asked[0].status, "pending");
    const gates = await client.runs.permissions(run.id);
    assert.ok(gates.length >= 1);
    assert.ok(gates.every((g) => g.status === "allowed"), JSON.stringify(gates));
  });

  test("a denied tool is skipped and the run still completes", async () => {
    const { client } = ctx;
    const run = await client.runs.create({
      message: "Email the board the numbers",
      tools: ["gmail"],
      human_in_the_loop: true,
      permission_mode: "approval",
      stream: false,
    });
    const done = await client.runs.wait(run.id, { ...FAST, onApproval: () => "deny" });
    assert.equal(done.status, "completed");
    const gates = await client.runs.permissions(run.id);
    assert.ok(gates.some((g) => g.status === "denied"), JSON.stringify(gates));
  });

  test("plan mode asks a Plan Approval question answered through onQuestion", async () => {
    const { client } = ctx;
    const run = await client.runs.create({
      message: "Post to #general a weekly summary",
      tools: ["slack"],
      human_in_the_loop: true,
      permission_mode: "plan",
      stream: false,
    });
    const questions = [];
    const done = await client.runs.wait(run.id, {
      ...FAST,
      onQuestion: (request) => {
        questions.push(request);
        assert.equal(request.tool_name, "AskUserQuestion");
        const [q] = request.tool_input.questions;
        assert.equal(q.header, "Plan Approval");
        assert.deepEqual(q.options.map((o) => o.label).sort(), ["Approve", "Reject"]);
        return { [q.question]: "Approve" };
      },
      onApproval: () => "allow",
    });
    assert.equal(done.status, "completed");
    assert.equal(questions.length, 1);
  });

  test("gates by hand: permissions, approve, answer, updatePermissionMode", async () => {
    const { client, pkg } = ctx;
    const gated = await client.runs.create({
      message: "Email the customer a receipt",
      tools: ["gmail"],
      human_in_the_loop: true,
      permission_mode: "approval",
      stream: false,
    });
    await untilAwaiting(gated.id);
    const [pending] = await client.runs.permissions(gated.id);
    assert.equal(pending.status, "pending");
    const approved = await client.runs.approve(gated.id, { request_id: pending.request_id, decision: "allow" });
    assert.equal(approved.request_id, pending.request_id);
    assert.equal(approved.status, "allowed");
    assert.equal((await client.runs.poll(gated.id, FAST)).status, "completed");

    const planned = await client.runs.create({
      message: "Open a ticket for the outage",
      tools: ["linear"],
      human_in_the_loop: true,
      permission_mode: "plan",
      stream: false,
    });
    await untilAwaiting(planned.id);
    const [question] = await client.runs.permissions(planned.id);
    const text = question.tool_input.questions[0].question;
    const answered = await client.runs.answer(planned.id, { answers: { [text]: "Approve" } });
    assert.equal(answered.status, "ok");
    assert.equal(answered.resumed, true);
    await assert.rejects(client.runs.answer(gated.id, { answers: { x: "y" } }), pkg.ConflictError);

    const switched = await client.runs.create({
      message: "Email the team the agenda",
      tools: ["gmail"],
      human_in_the_loop: true,
      permission_mode: "approval",
      stream: false,
    });
    await untilAwaiting(switched.id);
    const mode = await client.runs.updatePermissionMode(switched.id, { permission_mode: "autonomous" });
    assert.equal(mode.permission_mode, "autonomous");
    assert.equal((await client.runs.poll(switched.id, FAST)).status, "completed", "switching to autonomous approves what is pending");
  });

  test("cancel stops a slow run; a second cancel is a ConflictError", async () => {
    const { client, pkg } = ctx;
    const run = await client.runs.create({ message: "Take your time simulate:slow", stream: false });
    const cancelled = await client.runs.cancel(run.id);
    assert.equal(cancelled.id, run.id);
    assert.equal(cancelled.status, "cancelled");
    await assert.rejects(client.runs.cancel(run.id), pkg.ConflictError);
    assert.equal((await client.runs.poll(run.id, FAST)).status, "cancelled");
  });
});

describe("files", () => {
  test("a report run writes a CSV; listFiles and downloadFile return the file's exact bytes", async () => {
    const { client, server } = ctx;
    const run = await client.runs.createAndWait({ message: "Export a report of this month's MRR", tools: ["stripe"] });
    assert.equal(run.status, "completed");
    const files = await client.runs.listFiles(run.id);
    assert.ok(files.length >= 1, JSON.stringify(files));
    const csv = files.find((f) => f.name.endsWith(".csv"));
    assert.ok(csv, JSON.stringify(files));
    const bytes = await client.runs.downloadFile(run.id, csv.name);
    assert.ok(bytes instanceof Uint8Array, `got ${Object.prototype.toString.call(bytes)}`);
    assert.equal(bytes.length, csv.size);
    const direct = await server.api(`/runs/${run.id}/files/${encodeSegment(csv.name)}/download`);
    assert.equal(direct.status, 200);
    assert.deepEqual(bytes, direct.bytes);
    assert.match(new TextDecoder().decode(bytes), /,/);
  });
});
