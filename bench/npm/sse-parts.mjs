// Where the SSE path's time goes, part by part (not part of `bench/run.mjs`; for whoever works
// on that path): `node bench/npm/sse-parts.mjs` after `cargo xtask npm`.
//
// Mid-stream, the package's own `StreamHandle.feedEvents` (the one crossing per network read:
// decode, classify, accumulate, write the batch) is called in a loop on fixed chunks: an empty
// read, one frame of each common kind alone (the live case), and 64 text deltas in one read
// (the replay case), and the mixed run of `bench/npm/sse-node.mjs` in 16 KiB reads (its replay
// case: every kind of frame, escapes, non-ASCII, tool results). Then the JS part of the same
// reads, `JSON.parse` of the batch and the copy that becomes `raw`. Times are CPU time per call or per event, best of 5, so other work on a
// shared machine disturbs them less than a wall clock.
//
// The published entries are bundled, so this reads the package's modules as written, which
// `cargo xtask npm` keeps in target/npm/modules: the same code, reachable from outside.
import { fileURLToPath, pathToFileURL } from "node:url";
import { join } from "node:path";
import { mixedRun } from "../../tests/npm/harness/mixed-run.mjs";

const modules = fileURLToPath(new URL("../../target/npm/modules/", import.meta.url));
const { M8tes } = await import(pathToFileURL(join(modules, "src/node.js")).href);
const { StreamHandle } = await import(pathToFileURL(join(modules, "wasm/m8tes.js")).href);

const frame = (value) => `data: ${JSON.stringify(value, null, 1).replace(/\n */g, " ").replace(/([[{]) /g, "$1").replace(/ ([\]}])/g, "$1")}\n\n`;
const delta = frame({ type: "text-delta", id: "txt_1", delta: " café \"x\"" });
const MIXED = mixedRun(4_500);
const CASES = [
  ["an empty read", "", 1],
  ["text-delta alone", delta, 1],
  ["text-start alone", frame({ type: "text-start", id: "txt_1" }), 1],
  ["tool-call-delta alone", frame({ type: "tool-call-delta", toolCallId: "toolu_1", delta: '"from:ann' }), 1],
  ["tool-result-end (object result) alone", frame({ type: "tool-result-end", toolCallId: "toolu_1", result: { messages: [{ id: "m1", subject: "Lunch?" }], total: 1 } }), 1],
  ["64 text-deltas in one read", delta.repeat(64), 64],
  ["mixed run in 16 KiB reads", MIXED.frames.join(""), MIXED.frames.length],
];
const READ = 16 * 1024;

function cpuMicros(fn, calls) {
  let best = Infinity;
  for (let round = 0; round < 5; round++) {
    const start = process.cpuUsage();
    for (let i = 0; i < calls; i++) fn();
    const used = process.cpuUsage(start);
    best = Math.min(best, used.user + used.system);
  }
  return best / calls;
}

const rows = [];
const feedEvents = StreamHandle.prototype.feedEvents;
let measured = false;
StreamHandle.prototype.feedEvents = function (chunk) {
  if (!measured) {
    measured = true;
    const encoder = new TextEncoder();
    for (const [name, text, events] of CASES) {
      // Whole frames per read: a read of over 16 KiB is cut there.
      const bytes = encoder.encode(text);
      const reads = [];
      for (let at = 0; at < bytes.length || at === 0; at += READ) reads.push(bytes.subarray(at, at + READ));
      const feed = () => reads.map((read) => feedEvents.call(this, read));
      const calls = Math.max(1, Math.round(40_000 / events));
      const wasm = cpuMicros(feed, calls) / events;
      const batches = feed().filter((batch) => batch !== undefined);
      const js = cpuMicros(() => {
        for (const batch of batches) for (const e of JSON.parse(batch)) if (!Array.isArray(e)) e.raw = { ...e };
      }, calls) / events;
      rows.push({ name, events, wasm, js });
    }
  }
  return feedEvents.call(this, chunk);
};

// One real stream over an injected fetch, so the handle is mid-stream (open, reading).
const body = new TextEncoder().encode(frame({ type: "metadata", payload: { run_id: 1 } }) + delta);
const client = new M8tes({ apiKey: "m8_bench", baseUrl: "http://bench.invalid/api/v2", maxRetries: 0, fetch: async () => new Response(body) });
for await (const _ of client.runs.stream(1));
StreamHandle.prototype.feedEvents = feedEvents;

console.log("µs of CPU per event (per call for the empty read)");
console.log(`${"read".padEnd(40)} ${"feedEvents".padStart(10)} ${"JSON.parse + raw".padStart(17)}`);
for (const { name, wasm, js } of rows) console.log(`${name.padEnd(40)} ${wasm.toFixed(2).padStart(10)} ${js.toFixed(2).padStart(17)}`);
