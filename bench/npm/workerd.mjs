// Benchmarks inside the real workerd: verifications per second per implementation, and cold
// start (process spawn → first answered call) with and without the package.
import { performance } from "node:perf_hooks";
import { copyFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { scratchDir } from "../../tests/npm/harness/paths.mjs";
import { bundleWorker, startWorkerd } from "../../tests/npm/harness/workerd.mjs";
import { median } from "./measure.mjs";

const here = (file) => fileURLToPath(new URL(file, import.meta.url));

async function timed(url) {
  const start = performance.now();
  const res = await fetch(url);
  const json = await res.json();
  return { ms: performance.now() - start, json };
}

export async function verificationsPerSecond(impls, { targetSeconds = 1.5 } = {}) {
  // The shared cases module sits beside the worker so the bundle picks it up.
  copyFileSync(here("./webhook-cases.mjs"), join(scratchDir, "webhook-cases.mjs"));
  const worker = await startWorkerd(bundleWorker(here("./worker-bench.mjs"), "bench"));
  try {
    const results = {};
    for (const impl of impls) {
      const url = (n) => `${worker.origin}/verify?impl=${encodeURIComponent(impl)}&n=${n}`;
      await timed(url(200)); // warm-up
      const empty = median(await Promise.all([0, 1, 2].map(async () => (await timed(url(0))).ms)));
      let n = 1000;
      let sample = await timed(url(n));
      // Grow the batch until it runs long enough to dwarf the request's own cost.
      while (sample.ms < targetSeconds * 1000 * 0.5 && n < 5_000_000) {
        n = Math.ceil(n * Math.min(20, (targetSeconds * 1000) / Math.max(sample.ms - empty, 1)));
        sample = await timed(url(n));
      }
      if (sample.json.ok !== n) throw new Error(`${impl} in workerd verified ${sample.json.ok} of ${n}`);
      results[impl] = n / ((sample.ms - empty) / 1000);
    }
    return results;
  } finally {
    await worker.stop();
  }
}

export async function coldStart({ rounds = 5 } = {}) {
  const variants = { "empty worker": here("./worker-empty.mjs"), ours: here("./worker-import-only.mjs") };
  const results = {};
  for (const [name, source] of Object.entries(variants)) {
    const bundle = bundleWorker(source, `cold-${name.replace(/\W+/g, "-")}`);
    const samples = [];
    for (let round = 0; round < rounds; round++) {
      const start = performance.now();
      const worker = await startWorkerd(bundle);
      await timed(`${worker.origin}/verify`);
      samples.push(performance.now() - start);
      await worker.stop();
    }
    results[name] = median(samples);
  }
  return results;
}
