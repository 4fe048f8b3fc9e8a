// Webhooks (D10): synchronous, no client needed. The checks run in the webhook wasm
// (crates/webhooks-wasm) on protocol's one signer; JS picks the headers out, writes the secret,
// the headers and the body into the wasm's memory as UTF-8 and reads numbers back.

import { webhookWasm } from "./wasm.js";
import { ValidationError, WebhookVerificationError } from "./errors.js";

const NAMES = ["webhook-id", "webhook-timestamp", "webhook-signature"];

/**
 * `[id, timestamp, signature]` from a `Headers`, an iterable of `[name, value]` pairs or a plain
 * object; names compared case-insensitively, the last one winning, "" when missing.
 */
function signatureHeaders(headers) {
  const found = ["", "", ""];
  if (headers === null || typeof headers !== "object") return found;
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

/** A body's bytes as given (an `ArrayBuffer` or any typed-array view), or undefined. */
function bodyBytes(body) {
  if (body instanceof Uint8Array) return body;
  if (body instanceof ArrayBuffer) return new Uint8Array(body);
  if (ArrayBuffer.isView(body)) return new Uint8Array(body.buffer, body.byteOffset, body.byteLength);
  return undefined;
}

const encoder = new TextEncoder();
/** The secret whose key the wasm holds: a receiver checks every delivery with one secret. */
let keyedSecret;

/**
 * Writes `texts` and then `body` (a string or bytes) into the wasm's room, one after another
 * as UTF-8, and returns their lengths in bytes; undefined for a body that is neither, or one
 * the memory cannot hold. A string is encoded straight into wasm memory in one pass (the
 * host's encoder is native; `encode` would make a copy to copy again).
 */
function write(wasm, texts, body) {
  const bytes = typeof body === "string" ? undefined : bodyBytes(body);
  if (bytes === undefined && typeof body !== "string") return undefined;
  let room = bytes === undefined ? body.length * 3 : bytes.length;
  for (const text of texts) room += text.length * 3;
  let at = wasm.room(room);
  if (at === 0) return undefined;
  const memory = new Uint8Array(wasm.memory.buffer);
  const lengths = [];
  for (const text of [...texts, bytes ?? body]) {
    let length;
    if (text === bytes) {
      memory.set(bytes, at);
      length = bytes.length;
    } else {
      length = encoder.encodeInto(text, memory.subarray(at, at + text.length * 3)).written;
    }
    lengths.push(length);
    at += length;
  }
  return lengths;
}

/** Makes `secret` the wasm's key unless it is already. */
function useSecret(wasm, secret) {
  if (secret === keyedSecret) return true;
  const lengths = write(wasm, [], secret);
  if (lengths === undefined) return false;
  wasm.key(lengths[0]);
  keyedSecret = secret;
  return true;
}

/** `toleranceSeconds` for the wasm: -1 when absent, the seconds when valid, undefined otherwise. */
function window(toleranceSeconds) {
  if (toleranceSeconds === undefined || toleranceSeconds === null) return -1;
  return Number.isFinite(toleranceSeconds) && toleranceSeconds >= 0 ? toleranceSeconds : undefined;
}

const nowSeconds = () => Math.floor(Date.now() / 1000);
const decodeAscii = (wasm, length) => String.fromCharCode(...new Uint8Array(wasm.memory.buffer, wasm.answer(), length));

/** The WebhookVerificationError of the wasm's failure `number` (6: `invalid_body`). */
function refusal(wasm, number) {
  const length = wasm.explain(number);
  const [reason, message] = new TextDecoder().decode(new Uint8Array(wasm.memory.buffer, wasm.answer(), length)).split("\n");
  return new WebhookVerificationError(message, { reason });
}
const INVALID_BODY = 6;

/** The event a body's text is, or undefined: D11's events are objects naming their event. */
function parseEvent(bytes) {
  try {
    const event = JSON.parse(new TextDecoder("utf-8", { fatal: true, ignoreBOM: true }).decode(bytes));
    const isEvent = event !== null && typeof event === "object" && !Array.isArray(event) && typeof event.event === "string";
    return isEvent ? event : undefined;
  } catch {
    return undefined;
  }
}

/** A 32-hex-digit message id, as the server makes them. */
function messageId() {
  const uuid =
    globalThis.crypto?.randomUUID?.() ??
    "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
      const nibble = Math.floor(Math.random() * 16);
      return (c === "x" ? nibble : (nibble & 0x3) | 0x8).toString(16);
    });
  return "msg_" + uuid.replaceAll("-", "");
}

/** Whole Unix seconds as text, saturating at the ends of the 64-bit range (Rust's `as i64`). */
function wholeSeconds(seconds) {
  const whole = Math.floor(seconds);
  if (whole >= 2 ** 63) return "9223372036854775807";
  if (whole < -(2 ** 63)) return "-9223372036854775808";
  return BigInt(whole).toString();
}

export const Webhooks = {
  /** `true` for an authentic delivery; never throws. */
  verifySignature(args) {
    try {
      const { body, headers, secret, toleranceSeconds } = args;
      // An empty secret would let anyone sign; a bad window would check no window at all.
      const tolerance = window(toleranceSeconds);
      if (typeof secret !== "string" || secret === "" || tolerance === undefined) return false;
      if (headers === null || typeof headers !== "object") return false;
      const wasm = webhookWasm();
      if (!useSecret(wasm, secret)) return false;
      const lengths = write(wasm, signatureHeaders(headers), body);
      // The clock is read only when there is a window to check.
      return lengths !== undefined && wasm.verify(...lengths, tolerance, tolerance < 0 ? 0 : nowSeconds()) === 1;
    } catch {
      return false;
    }
  },

  /** The parsed event, or a WebhookVerificationError with a `reason`. */
  unwrap(body, headers, secret, options) {
    if (typeof secret !== "string" || secret === "") throw new ValidationError("the webhook secret must be a non-empty string");
    const tolerance = window(options?.toleranceSeconds);
    if (tolerance === undefined) throw new ValidationError("toleranceSeconds must be a finite number of seconds ≥ 0");
    const wasm = webhookWasm();
    const bytes = typeof body === "string" ? encoder.encode(body) : bodyBytes(body);
    if (bytes === undefined || !useSecret(wasm, secret)) throw refusal(wasm, INVALID_BODY);
    const lengths = write(wasm, signatureHeaders(headers), bytes);
    if (lengths === undefined) throw refusal(wasm, INVALID_BODY);
    const failure = wasm.check(...lengths, tolerance, nowSeconds());
    if (failure !== 0) throw refusal(wasm, failure);
    const event = parseEvent(bytes);
    if (event === undefined) throw refusal(wasm, INVALID_BODY);
    return event;
  },

  /** `{ "Webhook-Id", "Webhook-Timestamp", "Webhook-Signature" }` for `body`. */
  sign(args) {
    const { body, secret, id = null, timestamp = null } = args ?? {};
    const bytes = typeof body === "string" ? undefined : bodyBytes(body);
    if (bytes === undefined && typeof body !== "string") throw new ValidationError("body must be a string, ArrayBuffer or Uint8Array");
    if (typeof secret !== "string") throw new ValidationError("the webhook secret must be a string");
    if (id !== null && typeof id !== "string") throw new ValidationError("id must be a string");
    let seconds;
    if (typeof timestamp === "number") {
      if (!Number.isFinite(timestamp)) throw new ValidationError("timestamp must be a finite number of seconds");
      seconds = wholeSeconds(timestamp);
    } else if (typeof timestamp === "string") seconds = timestamp;
    else if (timestamp === null) seconds = String(nowSeconds());
    else throw new ValidationError("timestamp must be a number of seconds");
    const messageIdValue = id ?? messageId();
    const wasm = webhookWasm();
    if (!useSecret(wasm, secret)) throw new RangeError("the secret is too large to sign with");
    const lengths = write(wasm, [messageIdValue, seconds], bytes ?? body);
    if (lengths === undefined) throw new RangeError("the body is too large to sign");
    const signature = decodeAscii(wasm, wasm.sign(...lengths));
    return { "Webhook-Id": messageIdValue, "Webhook-Timestamp": seconds, "Webhook-Signature": signature };
  },
};
