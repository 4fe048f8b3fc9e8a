// A/B of the SSE path on the bench's mixed run, in CPU time (issue 9; not part of `bench/run.mjs`):
// `node bench/npm/sse-ab.mjs <live|replay> <variant>...` runs each variant in turn, round after
// round in this one process, and prints each one's best CPU µs per event. A variant is a copy of
// target/npm/modules (the package's modules as written, each with its own wasm instance), so
// two builds of the JS or the wasm can be compared side by side, or `eventsource-parser` (the
// bench's peer). The machine is shared: run it several times, swapping the order.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { createParser } from "eventsource-parser";
import { mixedRun } from "../../tests/npm/harness/mixed-run.mjs";

const [chunking, ...variants] = process.argv.slice(2);
const events = Number(process.env.BENCH_SSE_EVENTS ?? (chunking === "live" ? 20_000 : 50_000));
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const run = mixedRun(events);
const encoder = new TextEncoder();
let chunks;
if (chunking === "live") chunks = run.frames.map((frame) => encoder.encode(frame));
else {
  const bytes = encoder.encode(run.frames.join(""));
  chunks = [];
  for (let at = 0; at < bytes.length; at += 16 * 1024) chunks.push(bytes.subarray(at, at + 16 * 1024));
}
const response = () => {
  let next = 0;
  const body = new ReadableStream({
    pull(controller) {
      if (next < chunks.length) controller.enqueue(chunks[next++]);
      else controller.close();
    },
  });
  return new Response(body, { headers: { "content-type": "text/event-stream" } });
};

/** The bench's peer: eventsource-parser framing, `JSON.parse` per event. */
async function peer() {
  let count = 0;
  let text = "";
  const parser = createParser({
    onEvent(event) {
      const data = JSON.parse(event.data);
      count++;
      if (data.type === "text-delta") text += data.delta;
    },
  });
  const reader = response().body.pipeThrough(new TextDecoderStream()).getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    parser.feed(value);
  }
  return { count, text };
}

/** The package's modules in `dir`, read as a user's `for await` reads a run. */
async function ours(dir) {
  const { M8tes } = await import(pathToFileURL(join(resolve(dir), "src/node.js")).href);
  const client = new M8tes({ apiKey: "m8_bench", baseUrl: "http://bench.invalid/api/v2", maxRetries: 0, fetch: async () => response() });
  return async () => {
    let count = 0;
    const stream = client.runs.stream(1);
    for await (const _ of stream) count++;
    return { count, text: stream.text };
  };
}

const impls = [];
for (const variant of variants) {
  impls.push({ variant, best: Infinity, once: variant === "eventsource-parser" ? peer : await ours(variant) });
}
for (let round = 0; round <= ROUNDS; round++) {
  for (const impl of impls) {
    const start = process.cpuUsage();
    const { count, text } = await impl.once();
    const used = process.cpuUsage(start);
    if (count !== run.frames.length || text !== run.text) throw new Error(`${impl.variant}: wrong events or text`);
    if (round > 0) impl.best = Math.min(impl.best, (used.user + used.system) / count); // round 0 warms up
  }
}
console.log(impls.map((impl) => `${impl.variant} ${impl.best.toFixed(3)}`).join("  "));
