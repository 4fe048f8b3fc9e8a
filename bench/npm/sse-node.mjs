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
import { Stream } from "openai/core/streaming";
import { loadPackage } from "../../tests/npm/harness/package.mjs";
import { median } from "./measure.mjs";
import { CHUNKINGS, readWithEventsourceParser, readWithPackage, sseCase } from "./sse-cases.mjs";

const ROUNDS = 3;

const impl = process.argv[2];
const chunking = CHUNKINGS[process.argv[3] ?? "live"];
if (!chunking) throw new Error(`unknown chunking ${process.argv[3]}; have ${Object.keys(CHUNKINGS).join(", ")}`);
const events = Number(process.env.BENCH_SSE_EVENTS ?? chunking.events);
const { run, chunks, response } = sseCase(chunking, events);
const bodyBytes = chunks.reduce((n, c) => n + c.length, 0);

// Each returns `{ count, text }`: events delivered and the text deltas' text.
const impls = {
  async ours() {
    const { M8tes } = await loadPackage();
    return readWithPackage(M8tes, response);
  },
  async "eventsource-parser"() {
    return () => readWithEventsourceParser(response);
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
