// Webhooks (D10): synchronous, no client needed. The checks run in Rust on protocol's signer;
// the headers are picked out here, so only the body and four strings cross into wasm.

import { webhookBodyBuffer, webhookMemory, webhookSign, webhookUnwrap, webhookVerifyBuffered } from "../wasm/m8tes.js";

const NAMES = ["webhook-id", "webhook-timestamp", "webhook-signature"];

/**
 * `[id, timestamp, signature]` from a `Headers`, an iterable of `[name, value]` pairs or a plain
 * object; names compared case-insensitively, the last one winning, "" when missing.
 */
function signatureHeaders(headers) {
  const found = ["", "", ""];
  const take = (name, value) => {
    if (typeof name !== "string" || typeof value !== "string" || name.length < 10 || name.length > 17) return;
    // ASCII only, as Rust's `eq_ignore_ascii_case`: `toLowerCase` alone would fold the Kelvin
    // sign into "k".
    if (/[^\x00-\x7f]/.test(name)) return;
    const at = NAMES.indexOf(name.toLowerCase());
    if (at >= 0) found[at] = value;
  };
  // `Headers` is iterable like any list of pairs. It is not named here: in Node the global is a
  // lazy getter that loads the whole fetch implementation (~30 ms) on first touch.
  if (typeof headers[Symbol.iterator] === "function") {
    for (const entry of headers) if (entry !== null && typeof entry === "object") take(entry[0], entry[1]);
  } else {
    for (const name of Object.keys(headers)) take(name, headers[name]);
  }
  return found;
}

const encoder = new TextEncoder();

/**
 * Writes the body into wasm memory and returns its length in bytes, or -1 for a body that is
 * not a string, `ArrayBuffer` or typed-array view. A string is encoded as UTF-8 straight into
 * the wasm's room for it, in one pass (the host's encoder is native; a string argument would
 * be copied in a character at a time, and `encode` would make a copy to copy again).
 */
function writeBody(body) {
  let bytes;
  if (typeof body === "string") {
    const capacity = body.length * 3;
    const at = webhookBodyBuffer(capacity);
    return encoder.encodeInto(body, new Uint8Array(webhookMemory().buffer, at, capacity)).written;
  } else if (body instanceof Uint8Array) bytes = body;
  else if (body instanceof ArrayBuffer) bytes = new Uint8Array(body);
  else if (ArrayBuffer.isView(body)) bytes = new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  else return -1;
  const at = webhookBodyBuffer(bytes.length);
  new Uint8Array(webhookMemory().buffer, at, bytes.length).set(bytes);
  return bytes.length;
}

export const Webhooks = {
  /** `true` for an authentic delivery; never throws. */
  verifySignature(args) {
    try {
      const { body, headers, secret, toleranceSeconds } = args;
      if (typeof secret !== "string" || headers === null || typeof headers !== "object") return false;
      const [id, timestamp, signature] = signatureHeaders(headers);
      // Last before the call: nothing may run in the wasm between writing and verifying.
      const length = writeBody(body);
      return length >= 0 && webhookVerifyBuffered(length, id, timestamp, signature, secret, toleranceSeconds);
    } catch {
      return false;
    }
  },

  /** The parsed event, or a WebhookVerificationError with a `reason`. */
  unwrap(body, headers, secret, options) {
    return JSON.parse(webhookUnwrap(body, headers, secret, options?.toleranceSeconds));
  },

  /** `{ "Webhook-Id", "Webhook-Timestamp", "Webhook-Signature" }` for `body`. */
  sign(args) {
    return webhookSign(args?.body, args?.secret, args?.id, args?.timestamp);
  },
};
