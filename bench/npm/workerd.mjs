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

/** Verifications per second per impl: batches sized to ~targetSeconds, best of `rounds` interleaved. */
export async function verificationsPerSecond(impls, { targetSeconds = 1, rounds = 3, size = 1024 } = {}) {
  // The shared cases module sits beside the worker so the bundle picks it up.
  copyFileSync(here("./webhook-cases.mjs"), join(scratchDir, "webhook-cases.mjs"));
  const worker = await startWorkerd(bundleWorker(here("./worker-bench.mjs"), "bench"));
  try {
    const url = (impl, n) => `${worker.origin}/verify?impl=${encodeURIComponent(impl)}&n=${n}&size=${size}`;
    // The request's own cost, measured with no work, is subtracted from every batch.
    const empty = [];
    for (let i = 0; i < 5; i++) empty.push((await timed(url(impls[0], 0))).ms);
    const overhead = median(empty);
    // Size each implementation's batch once, so a round takes about targetSeconds per impl.
    const batch = {};
    for (const impl of impls) {
      await timed(url(impl, 200)); // warm-up
      let n = Math.max(10, Math.round((1000 * 1024) / size));
      let sample = await timed(url(impl, n));
      while (sample.ms < targetSeconds * 1000 * 0.5 && n < 5_000_000) {
        n = Math.ceil(n * Math.min(20, (targetSeconds * 1000) / Math.max(sample.ms - overhead, 1)));
        sample = await timed(url(impl, n));
      }
      batch[impl] = n;
    }
    const best = Object.fromEntries(impls.map((impl) => [impl, 0]));
    for (let round = 0; round < rounds; round++) {
      for (let i = 0; i < impls.length; i++) {
        const impl = impls[(i + round) % impls.length];
        const sample = await timed(url(impl, batch[impl]));
        if (sample.json.ok !== batch[impl]) throw new Error(`${impl} in workerd verified ${sample.json.ok} of ${batch[impl]}`);
        best[impl] = Math.max(best[impl], batch[impl] / ((sample.ms - overhead) / 1000));
      }
    }
    return best;
  } finally {
    await worker.stop();
  }
}

/** Spawn → first answered request, median of `rounds` fresh processes per variant, interleaved. */
export async function coldStart({ rounds = 5 } = {}) {
  const variants = { "empty worker": here("./worker-empty.mjs"), ours: here("./worker-import-only.mjs") };
  const bundles = Object.fromEntries(Object.entries(variants).map(([name, source]) => [name, bundleWorker(source, `cold-${name.replace(/\W+/g, "-")}`)]));
  const samples = Object.fromEntries(Object.keys(variants).map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    for (const name of Object.keys(variants)) {
      const start = performance.now();
      const worker = await startWorkerd(bundles[name]);
      await timed(`${worker.origin}/verify`);
      samples[name].push(performance.now() - start);
      await worker.stop();
    }
  }
  return Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)]));
}
