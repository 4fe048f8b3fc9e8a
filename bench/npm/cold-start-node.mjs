// Cold start in Node: a fresh process per sample, timing `import()` plus the first call from
// inside the process (what a serverless handler pays), and the whole process wall time.
import { spawnSync } from "node:child_process";
import { performance } from "node:perf_hooks";
import { installPackage } from "../../tests/npm/harness/package.mjs";
import { median } from "./measure.mjs";

const HEADERS = `{ "webhook-id": "a", "webhook-timestamp": "1", "webhook-signature": "v1=00" }`;
const SCRIPTS = {
  "no import (node itself)": ``,
  ours: `const m = await import("@m8tes/wasm"); m.Webhooks.verifySignature({ body: "{}", headers: ${HEADERS}, secret: "s" }); new m.M8tes({ apiKey: "m8_x" });`,
  standardwebhooks: `const m = await import("standardwebhooks"); try { new m.Webhook("whsec_" + btoa("s")).verify("{}", ${HEADERS}); } catch {}`,
  "eventsource-parser": `const m = await import("eventsource-parser"); m.createParser({ onEvent() {} }).feed("data: {}\\n\\n");`,
  "openai-node": `const m = await import("openai"); new m.default({ apiKey: "sk-x" });`,
};

/** Median of `rounds` fresh processes per variant, the variants interleaved round by round. */
export function coldStartNode({ rounds = 7 } = {}) {
  const cwd = installPackage();
  const samples = Object.fromEntries(Object.keys(SCRIPTS).map((name) => [name, { inside: [], wall: [] }]));
  for (let round = 0; round < rounds; round++) {
    for (const [name, body] of Object.entries(SCRIPTS)) {
      const script = `const t0 = performance.now(); ${body} console.log(JSON.stringify({ ms: performance.now() - t0 }));`;
      const start = performance.now();
      const child = spawnSync(process.execPath, ["--input-type=module", "-e", script], { cwd, encoding: "utf8" });
      samples[name].wall.push(performance.now() - start);
      if (child.status !== 0) throw new Error(`${name}: ${child.stderr}`);
      samples[name].inside.push(JSON.parse(child.stdout.trim().split("\n").at(-1)).ms);
    }
  }
  return Object.fromEntries(
    Object.entries(samples).map(([name, { inside, wall }]) => [name, { importAndFirstCallMs: median(inside), processMs: median(wall) }]),
  );
}
