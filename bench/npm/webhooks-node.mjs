// Webhook verifications per second in Node: `node bench/npm/webhooks-node.mjs <impl> [bytes]` prints
// one JSON line. One implementation per process, so no JIT state is shared between them.
import { createHmac, timingSafeEqual } from "node:crypto";
import { loadPackage } from "../../tests/npm/harness/package.mjs";
import { asyncOpsPerSecond, opsPerSecond } from "./measure.mjs";
import { SECRET, prepare } from "./webhook-cases.mjs";

const impl = process.argv[2];
const seconds = Number(process.env.BENCH_SECONDS ?? 1);
const { Webhooks } = await loadPackage();
const size = Number(process.argv[3] ?? 1024);
const { body, headers, verifiers } = await prepare(Webhooks, size);
// A reference point outside the brief: Node's native HMAC, the ceiling for any JS-side verifier.
verifiers["node:crypto"] = () => {
  const given = Buffer.from(headers["webhook-signature"]);
  const mac = createHmac("sha256", SECRET).update(`${headers["webhook-id"]}.${headers["webhook-timestamp"]}.${body}`).digest("hex");
  const expected = Buffer.from(`v1=${mac}`);
  return given.length === expected.length && timingSafeEqual(given, expected);
};

const verify = verifiers[impl];
if (!verify) throw new Error(`unknown implementation ${impl}; have ${Object.keys(verifiers).join(", ")}`);
const first = await verify();
if (first !== true) throw new Error(`${impl} did not verify the delivery`);
const isAsync = impl === "crypto.subtle";
// Batches of about the same bytes whatever the body size, so a slow check still finishes in time.
const batch = Math.max(2, Math.round((500 * 1024) / size));
const rate = isAsync ? await asyncOpsPerSecond(verify, { seconds, batch: Math.min(200, batch) }) : opsPerSecond(verify, { seconds, batch });
console.log(JSON.stringify({ impl, bodyBytes: body.length, opsPerSecond: rate }));
