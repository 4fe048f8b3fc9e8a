// RunStream: an async iterable over a run's events, decoded and accumulated in Rust. JS sends
// the request and reads the response body (one `await` per network read), feeding each chunk
// to the handle synchronously; the events of a read come back in the same call as one JSON
// array.
import { APIConnectionError } from "./errors.js";

// Runtimes without explicit resource management still get the method, under the symbol
// TypeScript's downlevel helpers look for.
const asyncDispose = Symbol.asyncDispose ?? Symbol.for("Symbol.asyncDispose");

/**
 * An event of a read's batch as js-api.md shapes it: the wire fields plus `raw`. A frame already
 * in the wire form arrives as itself and becomes the event, `raw` a copy of it (measured faster
 * than copying it into a new event), made as it is handed out (one pass over the batch fewer);
 * any other event arrives whole, alone in an array.
 */
function toEvent(e) {
  if (Array.isArray(e)) return e[0];
  e.raw = { ...e };
  return e;
}

const ignore = () => {};

export class RunStream {
  #handle;
  #opened;
  /** The answer's idle timer and abort, once it has begun. */
  #watch = null;
  /** The body's reader from the start: the answer is ours to cancel even if never read. */
  #body = null;
  #failure;
  #aborted = false;
  /** null until the first read opens it; false once there is nothing to read. */
  #reader = null;
  #buffer = [];
  #at = 0;
  #ended = false;
  #used = false;

  /** `open()` sends the request and resolves to the Exchange whose body is the events. */
  constructor(handle, open) {
    this.#handle = handle;
    // The request goes out now, as in the Python SDK; a failure surfaces on the first read.
    this.#opened = open().then(
      (exchange) => {
        this.#watch = exchange.watch;
        this.#body = exchange.response.body?.getReader() ?? null;
        if (this.#aborted) this.#stop();
      },
      (err) => {
        this.#failure = err;
      },
    );
  }

  /** The text of every `text-delta` so far. */
  get text() { return this.#handle.text; }
  /** The run's id: from the response's `X-Run-Id` once it has begun, else the first `metadata` event. */
  get runId() { return this.#handle.runId ?? null; }
  /** The response's `X-Request-Id` once it has begun. */
  get requestId() { return this.#handle.requestId ?? null; }
  /**
   * Resolves once the response has begun, before any event is read, to `runId` (`null` when
   * the server named no run). A request that failed still resolves; the first read throws.
   */
  async started() {
    await this.#opened;
    return this.runId;
  }
  get errors() { return this.#handle.errors; }
  get hasErrors() { return this.#handle.errors.length > 0; }

  /**
   * Waits for the response to begin; then `#reader` is its body's reader, or false. Throws
   * (once) what kept the stream from opening, unless it was aborted since.
   */
  async #open() {
    await this.#opened;
    this.#reader = (!this.#aborted && this.#body) || false;
    const failure = this.#failure;
    this.#failure = undefined;
    if (failure !== undefined && !this.#aborted) throw failure;
  }

  /** Feeds one settled read to the handle; returns its events as JSON text, if any. */
  #tookEvents(chunk) {
    if (chunk.done) {
      this.#reader = false;
      this.#watch.done();
      return this.#handle.endEvents();
    }
    this.#watch.rearm();
    return chunk.value === undefined ? undefined : this.#handle.feedEvents(chunk.value);
  }

  /** The same, the events framed as SSE text. */
  #tookSse(chunk) {
    if (chunk.done) {
      this.#reader = false;
      this.#watch.done();
      return this.#handle.endSse();
    }
    this.#watch.rearm();
    return chunk.value === undefined ? undefined : this.#handle.feedSse(chunk.value);
  }

  /**
   * A read rejected: throws the typed error (a broken connection is StreamInterruptedError,
   * carrying the run's id to rejoin), or returns if the stream was aborted or had ended.
   */
  #failed(err) {
    this.#reader = false;
    this.#watch.done();
    if (!this.#handle.reading) return;
    const error = this.#watch.failure(err);
    if (error instanceof APIConnectionError) this.#handle.fail(error.message);
    this.#handle.abort();
    throw error;
  }

  /** Stops the answer: a pending read rejects, and the connection is released. */
  #stop() {
    this.#watch.abort();
    this.#watch.done();
    this.#body?.cancel().catch(ignore);
  }

  /**
   * One network read fed to the handle: its events as SSE text (`undefined` if none), `false`
   * once there is no body left to read.
   */
  async #readSse() {
    if (this.#reader === null) await this.#open();
    if (this.#reader === false) return false;
    try {
      return this.#tookSse(await this.#reader.read());
    } catch (err) {
      this.#failed(err);
    }
    return undefined;
  }

  // One async function with the read inline: a live stream pays one `await` per network read
  // and none for events already decoded.
  async #next() {
    while (this.#at >= this.#buffer.length) {
      if (this.#ended) return { done: true, value: undefined };
      if (this.#reader === null) await this.#open();
      const reader = this.#reader;
      let chunk;
      if (reader !== false) {
        try {
          chunk = await reader.read();
        } catch (err) {
          this.#failed(err);
        }
      }
      const batch = chunk === undefined ? undefined : this.#tookEvents(chunk);
      if (batch !== undefined) {
        this.#buffer = JSON.parse(batch);
        this.#at = 0;
      } else if (reader === false) {
        this.#ended = true;
        this.#handle.close();
      }
    }
    return { done: false, value: toEvent(this.#buffer[this.#at++]) };
  }

  #claim() {
    if (this.#used) throw new TypeError("a RunStream can be read only once");
    this.#used = true;
  }

  [Symbol.asyncIterator]() {
    this.#claim();
    return {
      // A decoded event skips the async `#next` (a replay read holds a hundred or more).
      next: () =>
        this.#at < this.#buffer.length
          ? Promise.resolve({ done: false, value: toEvent(this.#buffer[this.#at++]) })
          : this.#next(),
      // `break` or `return` inside `for await` lands here: stop the request.
      return: async () => {
        this.abort();
        return { done: true, value: undefined };
      },
    };
  }

  /** The text deltas alone. */
  async *textStream() {
    for await (const event of this) {
      if (event.type === "text-delta") yield event.delta;
    }
  }

  /** Reads the stream to its end and returns the accumulated text. */
  async finalText() {
    if (!this.#used) for await (const _ of this);
    return this.text;
  }

  /** The stream re-encoded as SSE bytes, for a Worker's `new Response(...)`. */
  toReadableStream() {
    this.#claim();
    const encoder = new TextEncoder();
    return new ReadableStream({
      pull: async (controller) => {
        try {
          for (;;) {
            const frames = await this.#readSse();
            if (frames === false) {
              this.#handle.close();
              return controller.close();
            }
            if (frames !== undefined) return controller.enqueue(encoder.encode(frames));
          }
        } catch (err) {
          controller.error(err);
        }
      },
      cancel: () => {
        this.abort();
      },
    });
  }

  /** Stops the request; the iteration ends without an error. */
  abort() {
    this.#aborted = true;
    this.#handle.abort();
    if (this.#watch !== null) this.#stop();
  }

  async [asyncDispose]() {
    this.abort();
  }
}
