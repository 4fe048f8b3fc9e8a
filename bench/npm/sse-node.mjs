// SSE events per second delivered to JS over a real `Response` body:
// `node bench/npm/sse-node.mjs <impl>` prints one JSON line. The body is the server's wire shape
// (text-delta frames), cut into 16 KiB chunks as a socket would deliver them.
import { performance } from "node:perf_hooks";
import { createParser } from "eventsource-parser";
import { Stream } from "openai/core/streaming";
import { loadPackage } from "../../tests/npm/harness/package.mjs";
import { median } from "./measure.mjs";

const EVENTS = Number(process.env.BENCH_SSE_EVENTS ?? 50_000);
const ROUNDS = 3;
const CHUNK = 16 * 1024;

function buildChunks() {
  const frames = [`data: {"type":"metadata","payload":{"run_id":1}}\n\n`];
  for (let i = 0; i < EVENTS; i++) frames.push(`data: {"type":"text-delta","id":"txt_1","delta":"word ${i % 100} "}\n\n`);
  frames.push(`data: {"type":"done","stop_reason":"end_turn"}\n\n`);
  const bytes = new TextEncoder().encode(frames.join(""));
  const chunks = [];
  for (let at = 0; at < bytes.length; at += CHUNK) chunks.push(bytes.subarray(at, at + CHUNK));
  return { chunks, bytes: bytes.length };
}

const { chunks, bytes } = buildChunks();
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

const impls = {
  async ours() {
    const { M8tes } = await loadPackage();
    const client = new M8tes({ apiKey: "m8_bench", baseUrl: "http://bench.invalid/api/v2", maxRetries: 0, fetch: async () => response() });
    return async () => {
      let n = 0;
      for await (const event of client.runs.stream(1)) if (event.type === "text-delta") n++;
      return n;
    };
  },
  async "eventsource-parser"() {
    return async () => {
      let n = 0;
      const parser = createParser({
        onEvent(event) {
          if (JSON.parse(event.data).type === "text-delta") n++;
        },
      });
      const reader = response().body.pipeThrough(new TextDecoderStream()).getReader();
      while (true) {
        const { done, value } = await reader.read();
        if (done) break;
        parser.feed(value);
      }
      return n;
    };
  },
  async "openai-node"() {
    return async () => {
      let n = 0;
      for await (const data of Stream.fromSSEResponse(response(), new AbortController())) if (data.type === "text-delta") n++;
      return n;
    };
  },
};

const impl = process.argv[2];
if (!impls[impl]) throw new Error(`unknown implementation ${impl}; have ${Object.keys(impls).join(", ")}`);
const run = await impls[impl]();
const rates = [];
for (let round = 0; round <= ROUNDS; round++) {
  const start = performance.now();
  const count = await run();
  const seconds = (performance.now() - start) / 1000;
  if (count !== EVENTS) throw new Error(`${impl} delivered ${count} text-delta events, expected ${EVENTS}`);
  if (round > 0) rates.push(EVENTS / seconds); // round 0 warms up
}
console.log(JSON.stringify({ impl, events: EVENTS, bodyBytes: bytes, eventsPerSecond: median(rates) }));
