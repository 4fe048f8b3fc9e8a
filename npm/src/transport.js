// The transport: one HTTP exchange over `fetch`, with the D5 retries, the D6 idempotency key,
// an idle timeout and the caller's AbortSignal. What to send, whether and when to retry and
// what a failed answer means are the wasm's (one implementation with the Rust API's); the
// fetching, the timers and the waiting are here.

import { apiError, defaultBaseUrl, retryDelay } from "../wasm/m8tes.js";
import { APIConnectionError, APITimeoutError, APIUserAbortError, AuthenticationError } from "./errors.js";

export const NO_API_KEY =
  "No API key provided. Pass `apiKey` to the client, or set the M8TES_API_KEY environment variable.";

// Hosts treat a delay past 2^31 − 1 ms as 1 ms, which would turn a generous timeout into an
// instant one (D19).
const LONGEST_TIMER_MS = 2 ** 31 - 1;
const setTimer = (fire, ms) => setTimeout(fire, Math.min(ms, LONGEST_TIMER_MS));

/** `process.env[name]` where the runtime has one and lets us read it; empty is unset. */
function envVar(name) {
  try {
    const value = globalThis.process?.env?.[name];
    return typeof value === "string" && value !== "" ? value : undefined;
  } catch {
    return undefined; // Deno without --allow-env throws.
  }
}

/** A number option; NaN counts as not given, so it takes the default (D19). */
export const numberOption = (value) => (typeof value === "number" && !Number.isNaN(value) ? value : undefined);
const retriesOption = (value) => {
  const n = numberOption(value);
  return n === undefined ? undefined : Math.max(0, n);
};
const stringOption = (value) => (typeof value === "string" && value !== "" ? value : undefined);

/**
 * `[name, value]` pairs from a `Headers`, an iterable of pairs or a plain object. Header values
 * are strings; any other entry (a number, `null`, a lone name) is skipped rather than formatted.
 */
function headerPairs(headers) {
  if (headers === null || typeof headers !== "object") return [];
  const entries = typeof headers[Symbol.iterator] === "function" ? [...headers] : Object.entries(headers);
  return entries.filter((e) => e !== null && typeof e === "object" && typeof e[0] === "string" && typeof e[1] === "string");
}

/** An answer's headers as a plain object, names lower-cased as `Headers` iterates them. */
function headerObject(headers) {
  const out = {};
  try {
    for (const [name, value] of headers) out[name] = value;
  } catch {
    // An injected fetch's answer may carry headers that do not iterate.
  }
  return out;
}

/** A fresh UUIDv4 for an `Idempotency-Key` (D6): `crypto.randomUUID()` where the host has it. */
function uuid() {
  try {
    const made = globalThis.crypto?.randomUUID?.();
    if (typeof made === "string") return made;
  } catch {
    // Outside a secure context; fall through.
  }
  return "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".replace(/[xy]/g, (c) => {
    const n = (Math.random() * 16) | 0;
    return (c === "x" ? n : (n & 3) | 8).toString(16);
  });
}

/** The message of a thrown value, with Node's `cause` (`ECONNREFUSED …`) when it has one. */
function thrownMessage(thrown) {
  const messageOf = (value) => (typeof value?.message === "string" ? value.message : undefined);
  let message = messageOf(thrown) ?? (typeof thrown === "string" ? thrown : "network error");
  const detail = messageOf(thrown?.cause);
  if (detail) message += ": " + detail;
  return message;
}

const abortError = () => new APIUserAbortError("Request was aborted.");

/**
 * Resolves after `ms`, or as soon as `signal` aborts, so a caller's abort is not held up by a
 * retry's backoff (up to 60 s) or a poll's interval.
 */
export function sleep(ms, signal) {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const wake = () => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", wake);
      resolve();
    };
    const timer = setTimer(wake, ms);
    signal?.addEventListener("abort", wake);
  });
}

/**
 * One attempt's abort controller: fired by the idle timer, by the caller's signal, or by
 * `abort()`. A live stream reads a chunk per event, so a chunk only notes the time; the one
 * pending timer, when it fires, looks at how long the body has really been idle and either
 * aborts or waits out the rest (no clearTimeout/setTimeout pair per chunk).
 */
export class Watch {
  #controller = new AbortController();
  #timeout;
  #userSignal;
  #onUserAbort;
  #timer;
  #lastActivity = 0;
  #timedOut = false;

  constructor(timeout, userSignal) {
    this.#timeout = timeout;
    if (userSignal) {
      this.#userSignal = userSignal;
      this.#onUserAbort = () => this.#controller.abort();
      userSignal.addEventListener("abort", this.#onUserAbort);
    }
    this.rearm();
  }

  get signal() {
    return this.#controller.signal;
  }

  /** Restarts the idle time: when the request goes out and on every chunk read. */
  rearm() {
    if (!(Number.isFinite(this.#timeout) && this.#timeout > 0)) return;
    this.#lastActivity = Date.now();
    if (this.#timer === undefined) this.#schedule(this.#timeout);
  }

  // Unref'd where the host can (Node, Bun): the request's own connection keeps the process
  // up while it lasts, and an answer handed out unread (`asResponse`) must not hold it open
  // for the whole timeout.
  #schedule(ms) {
    this.#timer = setTimer(this.#fire, ms);
    this.#timer?.unref?.();
  }

  #fire = () => {
    this.#timer = undefined;
    const quiet = Date.now() - this.#lastActivity;
    if (quiet >= this.#timeout) {
      this.#timedOut = true;
      this.#controller.abort();
    } else {
      this.#schedule(this.#timeout - quiet);
    }
  };

  abort() {
    this.#controller.abort();
  }

  /** What a rejection means: the caller's abort, our idle timeout, or a network failure. */
  failure(thrown) {
    if (this.#userSignal?.aborted) return abortError();
    if (this.#timedOut) {
      return new APITimeoutError(`Request timed out: nothing received for ${Math.trunc(this.#timeout)} ms`, { timeout: this.#timeout });
    }
    return new APIConnectionError(thrownMessage(thrown));
  }

  /** The exchange is over: the timer stops and the caller's signal is let go. */
  done() {
    clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#userSignal?.removeEventListener("abort", this.#onUserAbort);
  }
}

const utf8 = new TextDecoder("utf-8", { ignoreBOM: true });

/** A 2xx answer to `call`, its body unread; `watch` keeps timing the body while it is read. */
export class Exchange {
  constructor(call, response, watch) {
    this.call = call;
    this.response = response;
    this.watch = watch;
  }

  /** The whole body. */
  async bytes() {
    try {
      return new Uint8Array(await this.response.arrayBuffer());
    } catch (err) {
      throw this.watch.failure(err);
    } finally {
      this.watch.done();
    }
  }

  /** The whole body as text (invalid UTF-8 replaced, never thrown). */
  async text() {
    return utf8.decode(await this.bytes());
  }
}

/** The client's fixed settings, shared by every request. */
export class Transport {
  #authorization;
  #baseUrl;
  #fetch;
  #headers;
  #timeout;
  #maxRetries;

  /**
   * `options` as `new M8tes` takes them. Throws AuthenticationError when no key is found,
   * unless `anonymous` (the account calls made before there is a key, wire.md §2.11).
   */
  constructor(options = {}, { anonymous = false } = {}) {
    if (!anonymous) {
      const apiKey = stringOption(options.apiKey) ?? envVar("M8TES_API_KEY");
      if (apiKey === undefined) throw new AuthenticationError(NO_API_KEY);
      this.#authorization = "Bearer " + apiKey;
    }
    // The default (D1) is the wasm's, read at the first request, so a client that sends
    // nothing starts no wasm (issue 9).
    this.#baseUrl = (stringOption(options.baseUrl) ?? envVar("M8TES_BASE_URL"))?.replace(/\/+$/, "");
    this.#fetch = typeof options.fetch === "function" ? options.fetch : undefined;
    this.#headers = headerPairs(options.defaultHeaders);
    this.#timeout = numberOption(options.timeout) ?? 300_000;
    this.#maxRetries = retriesOption(options.maxRetries) ?? 2;
  }

  /**
   * Sends `call` (what `prepareCall` made of a method's arguments), retrying where D5 allows,
   * and resolves to the first 2xx answer as an Exchange; rejects with the typed error the last
   * attempt ended with. A `form` (FormData) is sent as the body instead of the JSON.
   */
  async send(call, options, form) {
    const fetch = this.#fetch ?? globalThis.fetch;
    if (typeof fetch !== "function") {
      throw new APIConnectionError("this runtime has no global fetch; pass `fetch` to the client");
    }
    const signal = options?.signal ?? undefined;
    const idempotencyKey = stringOption(options?.idempotencyKey) ?? (call.runCreating ? uuid() : undefined);
    this.#baseUrl ??= defaultBaseUrl().replace(/\/+$/, "");
    const url = this.#baseUrl + call.path;
    // One init for every attempt: the logging fetch knows a retry by seeing it again.
    const init = { method: call.method, headers: this.#requestHeaders(options, idempotencyKey, form) };
    if (form !== undefined) init.body = form;
    else if (call.body !== undefined) init.body = call.body;
    const timeout = numberOption(options?.timeout) ?? this.#timeout;
    const maxRetries = retriesOption(options?.maxRetries) ?? this.#maxRetries;
    for (let retriesDone = 0; ; retriesDone++) {
      if (signal?.aborted) throw abortError();
      const watch = new Watch(timeout, signal);
      init.signal = watch.signal;
      let response, error;
      let status = 0;
      let retryAfter;
      try {
        response = await fetch(url, init);
      } catch (thrown) {
        error = watch.failure(thrown);
      }
      if (response !== undefined) {
        status = response.status;
        if (status >= 200 && status < 300) {
          watch.rearm();
          return new Exchange(call, response, watch);
        }
        const { headers } = response;
        retryAfter = headers.get("retry-after") ?? undefined;
        let body = "";
        try {
          body = await response.text();
        } catch {
          // The status says enough.
        }
        const requestId = headers.get("x-request-id") ?? undefined;
        error = apiError(call.method, call.path, status, body, requestId, retryAfter);
        error.headers = headerObject(headers);
      }
      watch.done();
      if (error instanceof APIUserAbortError) throw error;
      const delay = retryDelay(call.method, call.runCreating, idempotencyKey !== undefined, status, retryAfter, retriesDone, maxRetries);
      if (delay === undefined) throw error;
      await sleep(delay, signal);
    }
  }

  #requestHeaders(options, idempotencyKey, form) {
    const headers = {};
    if (this.#authorization !== undefined) headers.Authorization = this.#authorization;
    if (form === undefined) headers["Content-Type"] = "application/json";
    if (idempotencyKey !== undefined) headers["Idempotency-Key"] = idempotencyKey;
    for (const [name, value] of [...this.#headers, ...headerPairs(options?.headers)]) headers[name] = value;
    return headers;
  }
}
