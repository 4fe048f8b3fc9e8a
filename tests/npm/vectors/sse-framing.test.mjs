// contract/vectors/sse-framing.json fed through a real HTTP response: a local Node server writes
// each case's body cut into chunks, flushing between them, and the package's `runs.stream`
// reads it. Cuts: whole, one byte at a time, every single cut point, and seeded random splits,
// all on UTF-8 bytes, so they fall inside multi-byte characters and between \r and \n.
import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackage } from "../harness/package.mjs";
import { vectorsDir } from "../harness/paths.mjs";
import { mixedRun } from "../harness/mixed-run.mjs";

const { cases } = JSON.parse(readFileSync(join(vectorsDir, "sse-framing.json"), "utf8"));
const RANDOM_SPLITS = 8;

/** A deterministic PRNG, so a failing split can be reproduced from its seed. */
function mulberry32(seed) {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Cut points (byte offsets) for a plan name. */
function cutsFor(plan, length) {
  if (plan === "whole") return [];
  if (plan === "bytes") return Array.from({ length: Math.max(0, length - 1) }, (_, i) => i + 1);
  if (plan.startsWith("cut-")) return [Number(plan.slice(4))];
  if (plan.startsWith("random-")) {
    const rand = mulberry32(Number(plan.slice(7)) * 7919 + length);
    const cuts = new Set();
    const count = 1 + Math.floor(rand() * Math.min(6, length));
    while (cuts.size < Math.min(count, length - 1)) cuts.add(1 + Math.floor(rand() * (length - 1)));
    return [...cuts].sort((a, b) => a - b);
  }
  throw new Error(`unknown plan ${plan}`);
}

// The mixed run of issue 9, served whole after the vectors (index `cases.length`).
const MIXED = mixedRun(460);
const bodies = [...cases.map((c) => c.input), MIXED.frames.join("")];

let server;
let origin;
let pkg;
before(async () => {
  pkg = await loadPackage();
  // Paths: /case/<index>/<plan>/runs/<id>/stream; the package appends `/runs/<id>/stream`.
  server = createServer(async (req, res) => {
    req.socket.setNoDelay(true);
    const [, , index, plan] = req.url.split("/");
    const body = Buffer.from(bodies[Number(index)], "utf8");
    const cuts = [0, ...cutsFor(plan, body.length), body.length];
    res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache" });
    res.flushHeaders();
    for (let i = 0; i + 1 < cuts.length; i++) {
      if (cuts[i + 1] > cuts[i]) res.write(body.subarray(cuts[i], cuts[i + 1]));
      // A timer tick between writes sends each chunk in its own TCP segment.
      if (i + 2 < cuts.length) await new Promise((r) => setTimeout(r, 1));
    }
    res.end();
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  origin = `http://127.0.0.1:${server.address().port}`;
});
after(() => new Promise((r) => server.close(r)));

async function eventsFor(index, plan) {
  const client = new pkg.M8tes({ apiKey: "m8_vectors", baseUrl: `${origin}/case/${index}/${plan}`, maxRetries: 0 });
  const events = [];
  for await (const event of client.runs.stream(1)) events.push(event);
  return events;
}

function assertMatches(actual, expected, label) {
  assert.equal(actual.length, expected.length, `${label}: ${JSON.stringify(actual.map((e) => e.type))}`);
  expected.forEach((want, i) => {
    for (const [field, value] of Object.entries(want)) {
      assert.deepEqual(actual[i][field], value, `${label}: event ${i} field ${field}`);
    }
  });
}

describe("SSE framing vectors over real HTTP", () => {
  cases.forEach((c, index) => {
    test(c.name, async () => {
      const length = Buffer.byteLength(c.input, "utf8");
      const plans = ["whole", "bytes"];
      for (let cut = 1; cut < length; cut++) plans.push(`cut-${cut}`);
      for (let seed = 0; seed < RANDOM_SPLITS; seed++) plans.push(`random-${seed}`);
      for (const plan of plans) assertMatches(await eventsFor(index, plan), c.events, `${c.name} [${plan}]`);
    });
  });
});

/** The wire objects Rust writes for a stream (`toReadableStream`, `RunEvent::to_wire`). */
async function wireObjectsFor(index) {
  const client = new pkg.M8tes({ apiKey: "m8_vectors", baseUrl: `${origin}/case/${index}/whole`, maxRetries: 0 });
  const text = await new Response(client.runs.stream(1).toReadableStream()).text();
  return text
    .split("\n\n")
    .filter((frame) => frame.startsWith("data: "))
    .map((frame) => JSON.parse(frame.split("\n").map((line) => line.slice(6)).join("\n")));
}

/**
 * The JS events are the Rust event model's, whichever way a frame crossed (as its own text or
 * rewritten): each is `to_wire()` plus `raw`, and an unknown type is `{type: "unknown", raw}`.
 */
async function assertSameAsRust(index, label) {
  const [events, wire] = [await eventsFor(index, "whole"), await wireObjectsFor(index)];
  assert.equal(events.length, wire.length, label);
  events.forEach((event, i) => {
    const { raw, ...fields } = event;
    if (event.type === "unknown") assert.deepEqual({ ...raw, type: "unknown" }, wire[i], `${label}: event ${i}`);
    else assert.deepEqual(fields, wire[i], `${label}: event ${i}`);
  });
}

describe("JS events equal the Rust event model's wire objects", () => {
  cases.forEach((c, index) => {
    test(c.name, () => assertSameAsRust(index, c.name));
  });
  test("the mixed run of issue 9, text included", async () => {
    await assertSameAsRust(cases.length, "mixed run");
    const client = new pkg.M8tes({ apiKey: "m8_vectors", baseUrl: `${origin}/case/${cases.length}/random-1`, maxRetries: 0 });
    const stream = client.runs.stream(1);
    let count = 0;
    for await (const _ of stream) count++;
    assert.equal(count, MIXED.frames.length);
    assert.equal(stream.text, MIXED.text);
  });
});
