// SSE events per second delivered to JS over a real `Response` body:
// `node bench/npm/sse-node.mjs <impl> <live|replay>` prints one JSON line.
//
// Every implementation does the same work: read the body, frame the SSE, parse every event's
// JSON and accumulate the text of the text deltas (checked against the expected text). The body
// is a realistic mixed run in the server's wire shape (JSON written with a space after `:` and
// `,`, as the contract's wire example), in two chunkings:
// - live: one event per read, as a server that flushes each event delivers it;
// - replay: 16 KiB reads (a finished run, a rejoin with history, a fast network).
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { Stream } from "openai/core/streaming";
import { loadPackage } from "../../tests/npm/harness/package.mjs";
import { median } from "./measure.mjs";
import { mixedRun } from "../../tests/npm/harness/mixed-run.mjs";

const CHUNKINGS = { live: { events: 20_000, chunk: null }, replay: { events: 50_000, chunk: 16 * 1024 } };
const ROUNDS = 3;

const impl = process.argv[2];
const chunking = CHUNKINGS[process.argv[3] ?? "live"];
if (!chunking) throw new Error(`unknown chunking ${process.argv[3]}; have ${Object.keys(CHUNKINGS).join(", ")}`);
const events = Number(process.env.BENCH_SSE_EVENTS ?? chunking.events);
const run = mixedRun(events);

function buildChunks() {
  const encoder = new TextEncoder();
  if (chunking.chunk === null) return run.frames.map((frame) => encoder.encode(frame));
  const bytes = encoder.encode(run.frames.join(""));
  const chunks = [];
  for (let at = 0; at < bytes.length; at += chunking.chunk) chunks.push(bytes.subarray(at, at + chunking.chunk));
  return chunks;
}

const chunks = buildChunks();
const bodyBytes = chunks.reduce((n, c) => n + c.length, 0);
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

// Each returns `{ count, text }`: events delivered and the text deltas' text.
const impls = {
  async ours() {
    const { M8tes } = await loadPackage();
    const client = new M8tes({ apiKey: "m8_bench", baseUrl: "http://bench.invalid/api/v2", maxRetries: 0, fetch: async () => response() });
    return async () => {
      let count = 0;
      const stream = client.runs.stream(1);
      for await (const _ of stream) count++;
      return { count, text: stream.text };
    };
  },
  async "eventsource-parser"() {
    return async () => {
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
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
      return { count, text };
    };
  },
  async "openai-node"() {
    return async () => {
      let count = 0;
      let text = "";
      for await (const data of Stream.fromSSEResponse(response(), new AbortController())) {
        count++;
        if (data.type === "text-delta") text += data.delta;
      }
      return { count, text };
    };
  },
};

if (!impls[impl]) throw new Error(`unknown implementation ${impl}; have ${Object.keys(impls).join(", ")}`);
const once = await impls[impl]();
const rates = [];
for (let round = 0; round <= ROUNDS; round++) {
  const start = performance.now();
  const { count, text } = await once();
  const seconds = (performance.now() - start) / 1000;
  if (count !== run.frames.length) throw new Error(`${impl} delivered ${count} events, expected ${run.frames.length}`);
  if (text !== run.text) throw new Error(`${impl} accumulated ${text.length} chars of text, expected ${run.text.length}`);
  if (round > 0) rates.push(count / seconds); // round 0 warms up
}
console.log(JSON.stringify({ impl, chunking: process.argv[3] ?? "live", events: run.frames.length, reads: chunks.length, bodyBytes, eventsPerSecond: median(rates) }));
