// One webhook delivery (1 KiB unless asked) signed for every scheme the benchmark compares, and a verifier per
// implementation. Shared by the Node run and the workerd Worker, so both measure the same work.
import { Webhook } from "standardwebhooks";

export const SECRET = "a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9";
// standardwebhooks wants a base64 secret with the whsec_ prefix; the same key bytes.
const SECRET_B64 = `whsec_${btoa(SECRET)}`;

export function makeBody(size = 1024) {
  const base = { event_id: "evt_bench", event: "run.completed", created_at: "2026-01-01T00:00:00Z", run_id: 42, data: { id: 42, status: "completed", output: "" } };
  const overhead = JSON.stringify(base).length;
  base.data.output = "x".repeat(Math.max(0, size - overhead));
  return JSON.stringify(base);
}

const hex = (bytes) => Array.from(new Uint8Array(bytes), (b) => b.toString(16).padStart(2, "0")).join("");
const fromHex = (text) => Uint8Array.from(text.match(/../g) ?? [], (h) => parseInt(h, 16));

/** Builds the delivery and returns `{ body, headers, verifiers }`; every verifier returns true for it. */
export async function prepare(Webhooks, size = 1024) {
  const body = makeBody(size);
  const id = "msg_bench";
  const timestamp = Math.floor(Date.now() / 1000);
  const encoder = new TextEncoder();
  const key = await crypto.subtle.importKey("raw", encoder.encode(SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign", "verify"]);
  const mac = await crypto.subtle.sign("HMAC", key, encoder.encode(`${id}.${timestamp}.${body}`));
  const oursHeaders = { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": `v1=${hex(mac)}` };

  const standard = new Webhook(SECRET_B64);
  const standardHeaders = { "webhook-id": id, "webhook-timestamp": String(timestamp), "webhook-signature": standard.sign(id, new Date(timestamp * 1000), body) };

  const verifiers = {
    ours: () => Webhooks.verifySignature({ body, headers: oursHeaders, secret: SECRET }),
    "ours (unwrap)": () => Webhooks.unwrap(body, oursHeaders, SECRET) !== undefined,
    standardwebhooks: () => standard.verify(body, standardHeaders) !== undefined,
    // What people write by hand: parse the header, let subtle recompute and compare.
    "crypto.subtle": async () => {
      const signature = oursHeaders["webhook-signature"];
      if (!signature.startsWith("v1=")) return false;
      const message = encoder.encode(`${oursHeaders["webhook-id"]}.${oursHeaders["webhook-timestamp"]}.${body}`);
      return crypto.subtle.verify("HMAC", key, fromHex(signature.slice(3)), message);
    },
  };
  return { body, headers: oursHeaders, verifiers };
}
