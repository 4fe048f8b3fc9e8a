// The SSE bench's body and its readers, shared by `sse-node.mjs` (the bench's figures) and
// `sse-ab.mjs` (A/B of builds), so both measure the same work: the mixed run of issue 9 in one
// of two chunkings, read over a real `Response` body, every event's JSON parsed and the text
// deltas' text accumulated.
import { createParser } from "eventsource-parser";
import { mixedRun } from "../../tests/npm/harness/mixed-run.mjs";

/** live: one event per read, as a server that flushes each event delivers it; replay: 16 KiB reads. */
export const CHUNKINGS = { live: { events: 20_000, chunk: null }, replay: { events: 50_000, chunk: 16 * 1024 } };

/** The mixed run of about `events` events, its reads in `chunking`, and a fresh `Response` of them. */
export function sseCase(chunking, events) {
  const run = mixedRun(events);
  const encoder = new TextEncoder();
  let chunks;
  if (chunking.chunk === null) chunks = run.frames.map((frame) => encoder.encode(frame));
  else {
    const bytes = encoder.encode(run.frames.join(""));
    chunks = [];
    for (let at = 0; at < bytes.length; at += chunking.chunk) chunks.push(bytes.subarray(at, at + chunking.chunk));
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
  return { run, chunks, response };
}

/** `{ count, text }` of `response` read with the package's `M8tes` class, as a user's `for await`. */
export function readWithPackage(M8tes, response) {
  const client = new M8tes({ apiKey: "m8_bench", baseUrl: "http://bench.invalid/api/v2", maxRetries: 0, fetch: async () => response() });
  return async () => {
    let count = 0;
    const stream = client.runs.stream(1);
    for await (const _ of stream) count++;
    return { count, text: stream.text };
  };
}

/** The peer: eventsource-parser behind a `TextDecoderStream`, `JSON.parse` per event. */
export async function readWithEventsourceParser(response) {
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
