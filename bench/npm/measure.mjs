// Time-bounded throughput loops shared by the npm benchmarks.
import { performance } from "node:perf_hooks";

/** Calls `fn` (sync) in batches until `seconds` pass; returns operations per second. */
export function opsPerSecond(fn, { seconds = 1.5, batch = 500 } = {}) {
  for (let i = 0; i < batch * 2; i++) fn(); // warm-up
  let ops = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  let now = start;
  while (now < until) {
    for (let i = 0; i < batch; i++) fn();
    ops += batch;
    now = performance.now();
  }
  return ops / ((now - start) / 1000);
}

/** The same for an async `fn`, awaited one call at a time. */
export async function asyncOpsPerSecond(fn, { seconds = 1.5, batch = 200 } = {}) {
  for (let i = 0; i < batch; i++) await fn();
  let ops = 0;
  const start = performance.now();
  const until = start + seconds * 1000;
  let now = start;
  while (now < until) {
    for (let i = 0; i < batch; i++) await fn();
    ops += batch;
    now = performance.now();
  }
  return ops / ((now - start) / 1000);
}

export const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};
