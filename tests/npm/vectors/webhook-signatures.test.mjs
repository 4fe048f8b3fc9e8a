// contract/vectors/webhook-signatures.json through the package's Webhooks, called from JS, with
// every body and header form js-api.md allows; plus unwrap's reasons and sign's round trip.
import { before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { createHmac } from "node:crypto";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { loadPackage } from "../harness/package.mjs";
import { vectorsDir } from "../harness/paths.mjs";

const vectors = JSON.parse(readFileSync(join(vectorsDir, "webhook-signatures.json"), "utf8"));
let Webhooks;
let WebhookVerificationError;
let ValidationError;
before(async () => {
  ({ Webhooks, WebhookVerificationError, ValidationError } = await loadPackage());
});

const bytesOf = (hex) => Uint8Array.from(Buffer.from(hex, "hex"));
/** The body as a string, only where the bytes are UTF-8 that survives a round trip. */
function asString(bytes) {
  const text = new TextDecoder("utf-8", { fatal: false }).decode(bytes);
  return Buffer.compare(Buffer.from(text, "utf8"), Buffer.from(bytes)) === 0 ? text : null;
}
function bodyForms(hex) {
  const bytes = bytesOf(hex);
  const forms = [["Uint8Array", bytes], ["ArrayBuffer", bytes.slice().buffer]];
  const text = asString(bytes);
  if (text !== null) forms.push(["string", text]);
  return forms;
}
function headerForms(c) {
  const plain = { "webhook-id": c.webhook_id, "webhook-timestamp": c.timestamp, "webhook-signature": c.signature };
  const upper = { "Webhook-Id": c.webhook_id, "WEBHOOK-TIMESTAMP": c.timestamp, "Webhook-Signature": c.signature };
  const forms = [["plain object", plain], ["mixed-case object", upper]];
  // `Headers` trims values, which would repair a value the vector means to be wrong.
  if ([c.webhook_id, c.timestamp, c.signature].every((v) => v === v.trim() && v !== "")) forms.push(["Headers", new Headers(plain)]);
  return forms;
}

describe("verifySignature over the vectors", () => {
  test(`all ${vectors.valid.length} valid cases are true in every body and header form`, () => {
    let checks = 0;
    for (const c of vectors.valid) {
      for (const [bodyName, body] of bodyForms(c.body_hex)) {
        for (const [headerName, headers] of headerForms(c)) {
          assert.equal(Webhooks.verifySignature({ body, headers, secret: c.secret }), true, `${c.webhook_id} ${bodyName} ${headerName}`);
          checks++;
        }
      }
    }
    console.log(`valid signature checks: ${checks}`);
  });

  test(`all ${vectors.invalid.length} invalid cases are false`, () => {
    let checks = 0;
    for (const c of vectors.invalid) {
      for (const [bodyName, body] of bodyForms(c.body_hex)) {
        for (const [headerName, headers] of headerForms(c)) {
          assert.equal(Webhooks.verifySignature({ body, headers, secret: c.secret }), false, `${c.why} ${bodyName} ${headerName}`);
          checks++;
        }
      }
    }
    console.log(`invalid signature checks: ${checks}`);
  });

  test("missing headers and bad input give false, never a throw", () => {
    const c = vectors.valid[0];
    const body = bytesOf(c.body_hex);
    const full = { "webhook-id": c.webhook_id, "webhook-timestamp": c.timestamp, "webhook-signature": c.signature };
    for (const name of Object.keys(full)) {
      const headers = { ...full };
      delete headers[name];
      assert.equal(Webhooks.verifySignature({ body, headers, secret: c.secret }), false, `without ${name}`);
    }
    assert.equal(Webhooks.verifySignature({ body, headers: {}, secret: c.secret }), false);
    assert.equal(Webhooks.verifySignature({ body, headers: full, secret: "" }), false);
  });

  test("toleranceSeconds rejects an old timestamp that is otherwise valid", () => {
    const c = vectors.valid[0];
    const headers = { "webhook-id": c.webhook_id, "webhook-timestamp": c.timestamp, "webhook-signature": c.signature };
    assert.equal(Webhooks.verifySignature({ body: bytesOf(c.body_hex), headers, secret: c.secret, toleranceSeconds: 300 }), false);
  });

  test("sign reproduces every valid vector's signature", () => {
    for (const c of vectors.valid) {
      const signed = Webhooks.sign({ body: bytesOf(c.body_hex), secret: c.secret, id: c.webhook_id, timestamp: Number(c.timestamp) });
      const lower = Object.fromEntries(Object.entries(signed).map(([k, v]) => [k.toLowerCase(), String(v)]));
      assert.equal(lower["webhook-signature"], c.signature, c.webhook_id);
      assert.equal(lower["webhook-id"], c.webhook_id);
      assert.equal(lower["webhook-timestamp"], c.timestamp);
    }
  });
});

describe("the hash in the wasm", () => {
  // The package's SHA-256 is its own (the wasm one with a SIMD message schedule), so it is held
  // to Node's OpenSSL at every message length around the block boundaries padding cares about,
  // with secrets shorter and longer than a block, and with multi-byte characters.
  test("sign and verifySignature agree with node:crypto's HMAC-SHA256 at every length", () => {
    let seed = 12345;
    const nextByte = () => ((seed = (seed * 1103515245 + 12345) >>> 0) >>> 16) & 0xff;
    const lengths = [...Array(300).keys(), ...[1, 2, 16].flatMap((blocks) => [-2, -1, 0, 1, 2].map((d) => blocks * 1024 + d))];
    const secrets = ["k", "whsec_short", "s".repeat(64), "x".repeat(65), "é🔑".repeat(20), "a1b2".repeat(50)];
    let checks = 0;
    for (const length of lengths) {
      const body = Uint8Array.from({ length }, nextByte);
      const secret = secrets[length % secrets.length];
      const id = `msg_${length}`;
      const timestamp = String(1_700_000_000 + length);
      const message = Buffer.concat([Buffer.from(`${id}.${timestamp}.`), body]);
      const expected = `v1=${createHmac("sha256", secret).update(message).digest("hex")}`;
      const headers = Webhooks.sign({ body, secret, id, timestamp });
      assert.equal(headers["Webhook-Signature"], expected, `length ${length}`);
      const signed = { "webhook-id": id, "webhook-timestamp": timestamp, "webhook-signature": expected };
      assert.equal(Webhooks.verifySignature({ body, headers: signed, secret }), true, `length ${length}`);
      checks++;
    }
    console.log(`hash checks against node:crypto: ${checks}`);
  });
});

describe("unwrap", () => {
  const secret = "a1b2c3d4e5f60718293a4b5c6d7e8f90";
  const body = JSON.stringify({ event_id: "evt_1", event: "run.completed", created_at: "2026-01-01T00:00:00Z", run_id: 5, data: { id: 5, status: "completed" } });
  const sign = (payload, timestamp, id = "msg_1") => ({
    "webhook-id": id,
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1=${createHmac("sha256", secret).update(`${id}.${timestamp}.${payload}`).digest("hex")}`,
  });
  const now = () => Math.floor(Date.now() / 1000);
  const reason = (fn) => {
    try {
      fn();
    } catch (err) {
      assert.ok(err instanceof WebhookVerificationError, `${err.constructor.name}: ${err.message}`);
      return err.reason;
    }
    assert.fail("unwrap did not throw");
  };

  test("a fresh, correctly signed body comes back parsed", () => {
    assert.deepEqual(Webhooks.unwrap(body, sign(body, now()), secret), JSON.parse(body));
    assert.deepEqual(Webhooks.unwrap(new TextEncoder().encode(body), new Headers(sign(body, now())), secret), JSON.parse(body));
  });

  test("each failure has its reason", () => {
    assert.equal(reason(() => Webhooks.unwrap(body, sign(body, now() - 301), secret)), "timestamp_too_old");
    assert.equal(reason(() => Webhooks.unwrap(body, sign(body, now() + 301), secret)), "timestamp_in_future");
    assert.equal(reason(() => Webhooks.unwrap(`${body} `, sign(body, now()), secret)), "signature_mismatch");
    const { "webhook-id": _, ...noId } = sign(body, now());
    assert.equal(reason(() => Webhooks.unwrap(body, noId, secret)), "missing_header");
    assert.equal(reason(() => Webhooks.unwrap(body, { ...sign(body, now()), "webhook-timestamp": "soon" }, secret)), "invalid_timestamp");
    const notJson = "not json";
    assert.equal(reason(() => Webhooks.unwrap(notJson, sign(notJson, now()), secret)), "invalid_body");
  });

  test("toleranceSeconds widens the window; rotation lists are accepted", () => {
    const old = now() - 3_600;
    assert.deepEqual(Webhooks.unwrap(body, sign(body, old), secret, { toleranceSeconds: 7_200 }), JSON.parse(body));
    const good = sign(body, now());
    const rotated = { ...good, "webhook-signature": `v1=${"0".repeat(64)} ${good["webhook-signature"]}` };
    assert.deepEqual(Webhooks.unwrap(body, rotated, secret), JSON.parse(body));
  });
});

// Issue 12: a receiver configured with an empty secret (`process.env.SECRET ?? ""`) must not
// accept what anyone can sign, and a replay window it asked for must never silently be none.
describe("secrets and windows that cannot be honoured", () => {
  const body = JSON.stringify({ event_id: "evt_2", event: "run.failed", created_at: "2026-01-01T00:00:00Z", run_id: 6, data: { id: 6 } });
  const signWith = (secret, timestamp) => ({
    "webhook-id": "msg_2",
    "webhook-timestamp": String(timestamp),
    "webhook-signature": `v1=${createHmac("sha256", secret).update(`msg_2.${timestamp}.${body}`).digest("hex")}`,
  });
  const now = () => Math.floor(Date.now() / 1000);
  const secret = "whsec_test_not_empty";

  test("a delivery signed with an empty secret is refused by an empty secret", () => {
    const headers = signWith("", now());
    assert.equal(Webhooks.verifySignature({ body, headers, secret: "" }), false);
    assert.throws(() => Webhooks.unwrap(body, headers, ""), (err) => err instanceof ValidationError && /non-empty/.test(err.message));
  });

  test("verifySignature is false for a tolerance that is not a number of seconds ≥ 0", () => {
    const headers = signWith(secret, now());
    for (const toleranceSeconds of [undefined, null, 0, 300]) {
      assert.equal(Webhooks.verifySignature({ body, headers, secret, toleranceSeconds }), true, String(toleranceSeconds));
    }
    for (const toleranceSeconds of ["300", NaN, -1, Infinity, {}, true]) {
      assert.equal(Webhooks.verifySignature({ body, headers, secret, toleranceSeconds }), false, String(toleranceSeconds));
    }
    // A stale delivery stays refused whatever the bad window says.
    const stale = signWith(secret, now() - 3_600);
    assert.equal(Webhooks.verifySignature({ body, headers: stale, secret, toleranceSeconds: "forever" }), false);
  });

  test("unwrap throws ValidationError for such a tolerance instead of checking no window", () => {
    const stale = signWith(secret, now() - 3_600);
    for (const toleranceSeconds of ["7200", NaN, -5, Infinity]) {
      assert.throws(() => Webhooks.unwrap(body, stale, secret, { toleranceSeconds }), (err) => err instanceof ValidationError, String(toleranceSeconds));
    }
    assert.equal(Webhooks.unwrap(body, signWith(secret, now()), secret, { toleranceSeconds: null }).event, "run.failed");
  });
});
