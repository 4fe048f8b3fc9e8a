// A/B of the SSE path on the bench's mixed run, in CPU time (issue 9; not part of `bench/run.mjs`):
// `node bench/npm/sse-ab.mjs <live|replay> <variant>...` runs each variant in turn, round after
// round in this one process, and prints each one's best CPU µs per event. A variant is a copy of
// target/npm/modules (the package's modules as written, each with its own wasm instance), so
// two builds of the JS or the wasm can be compared side by side, or `eventsource-parser` (the
// bench's peer). The machine is shared: run it several times, swapping the order.
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { CHUNKINGS, readWithEventsourceParser, readWithPackage, sseCase } from "./sse-cases.mjs";

const [chunkingName, ...variants] = process.argv.slice(2);
const chunking = CHUNKINGS[chunkingName];
if (!chunking) throw new Error(`unknown chunking ${chunkingName}; have ${Object.keys(CHUNKINGS).join(", ")}`);
const events = Number(process.env.BENCH_SSE_EVENTS ?? chunking.events);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 5);
const { run, response } = sseCase(chunking, events);

/** The package's modules in `dir`, read as a user's `for await` reads a run. */
async function ours(dir) {
  const { M8tes } = await import(pathToFileURL(join(resolve(dir), "src/node.js")).href);
  return readWithPackage(M8tes, response);
}

const impls = [];
for (const variant of variants) {
  impls.push({ variant, best: Infinity, once: variant === "eventsource-parser" ? () => readWithEventsourceParser(response) : await ours(variant) });
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
