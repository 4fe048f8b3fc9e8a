// Webhooks (D10): synchronous, no client needed. The checks run in Rust on protocol's signer;
// the headers are picked out here, so only the body and four strings cross into wasm.

import { webhookSign, webhookUnwrap, webhookVerifyBytes } from "../wasm/m8tes.js";

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
 * The body as a `Uint8Array`: a string's UTF-8 (the host's encoder is native, where a string
 * argument would be copied into wasm a character at a time), or a view of the caller's bytes
 * (no copy); null for anything else.
 */
function bodyOf(body) {
  if (typeof body === "string") return encoder.encode(body);
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return null;
}

export const Webhooks = {
  /** `true` for an authentic delivery; never throws. */
  verifySignature(args) {
    try {
      const body = bodyOf(args?.body);
      const { headers, secret, toleranceSeconds } = args;
      if (body === null || typeof secret !== "string" || headers === null || typeof headers !== "object") return false;
      const [id, timestamp, signature] = signatureHeaders(headers);
      return webhookVerifyBytes(body, id, timestamp, signature, secret, toleranceSeconds);
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
