// RunStream: an async iterable over a run's events, decoded and accumulated in Rust. Events
// arrive in batches (one JSON array per network read) and are handed out one by one.

// Runtimes without explicit resource management still get the method, under the symbol
// TypeScript's downlevel helpers look for.
const asyncDispose = Symbol.asyncDispose ?? Symbol.for("Symbol.asyncDispose");

export class RunStream {
  #handle;
  #opened;
  #buffer = [];
  #used = false;

  constructor(handle) {
    this.#handle = handle;
    // The request goes out now, as in the Python SDK; a failure surfaces on the first read.
    this.#opened = handle.start();
  }

  /** The text of every `text-delta` so far. */
  get text() { return this.#handle.text; }
  /** The run's id, from the first `metadata` event; `null` before it. */
  get runId() { return this.#handle.runId ?? null; }
  get errors() { return this.#handle.errors; }
  get hasErrors() { return this.#handle.errors.length > 0; }

  async #next() {
    await this.#opened;
    while (this.#buffer.length === 0) {
      const batch = await this.#handle.next();
      if (batch === undefined) return undefined;
      // Each event comes as its fields plus the frame as `raw`; the fields go over the
      // frame's own keys, except for an unknown type, which is only `{type, raw}`.
      this.#buffer = JSON.parse(batch)
        .map((e) => (e.type === "unknown" ? e : { ...e.raw, ...e }))
        .reverse();
    }
    return this.#buffer.pop();
  }

  #claim() {
    if (this.#used) throw new TypeError("a RunStream can be read only once");
    this.#used = true;
  }

  [Symbol.asyncIterator]() {
    this.#claim();
    return {
      next: async () => {
        const event = await this.#next();
        return event === undefined ? { done: true, value: undefined } : { done: false, value: event };
      },
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
    const handle = this.#handle;
    const opened = this.#opened;
    const encoder = new TextEncoder();
    return new ReadableStream({
      async pull(controller) {
        try {
          await opened;
          const frames = await handle.nextSse();
          if (frames === undefined) controller.close();
          else controller.enqueue(encoder.encode(frames));
        } catch (err) {
          controller.error(err);
        }
      },
      cancel() {
        handle.abort();
      },
    });
  }

  /** Stops the request; the iteration ends without an error. */
  abort() {
    this.#handle.abort();
  }

  async [asyncDispose]() {
    this.abort();
  }
}
