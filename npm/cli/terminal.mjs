// The process's terminal: where output goes (with secrets redacted), how lines are read from
// stdin (hidden for passwords on a TTY), and what Ctrl-C means at this moment.
import { createInterface } from "node:readline";
import { Writable } from "node:stream";

/** `m8_` and a long run of key characters: what the API's keys look like (wire §1). */
const KEY_SHAPED = /m8_[A-Za-z0-9_]{12,}/g;

export class Terminal {
  #stdin;
  #stdout;
  #stderr;
  #secrets = [];
  #outAtLineStart = true;
  #lines = null;
  #interruptHandlers = [];

  constructor({ stdin, stdout, stderr }) {
    this.#stdin = stdin;
    this.#stdout = stdout;
    this.#stderr = stderr;
    /** A person is typing (so prompts are edited in place and passwords hidden). */
    this.interactive = Boolean(stdin.isTTY);
  }

  /** Never print this string (an API key, a password); replaced wherever it shows up. */
  addSecret(secret) {
    if (secret) this.#secrets.push(String(secret));
  }

  #redact(text) {
    let clean = String(text);
    for (const secret of this.#secrets) clean = clean.split(secret).join("[redacted]");
    return clean;
  }

  /** Content: run output, listings. */
  out(text) {
    const clean = this.#redact(text);
    if (!clean) return;
    this.#stdout.write(clean);
    this.#outAtLineStart = clean.endsWith("\n");
  }

  /** Raw bytes to stdout (a downloaded file sent to `--out -`). */
  outBytes(bytes) {
    this.#stdout.write(bytes);
  }

  /** Ends the current stdout line if streamed text left it open. */
  endLine() {
    if (!this.#outAtLineStart) this.out("\n");
  }

  /**
   * Prompts, notices and errors: never mixed into what a script reads from stdout. Anything
   * shaped like an API key is masked too: an error may quote an argument that was one.
   */
  err(text) {
    this.#stderr.write(this.#redact(text).replace(KEY_SHAPED, "m8_[redacted]"));
  }

  /**
   * Reads one line after showing `prompt` on stderr; `null` at end of input (Ctrl-D).
   * `hidden` keeps a typed password off the screen when stdin is a terminal.
   */
  async ask(prompt, { hidden = false } = {}) {
    this.endLine();
    const lines = this.#lineReader();
    if (this.interactive && !hidden) {
      lines.rl.setPrompt(this.#redact(prompt));
      lines.rl.prompt();
    } else {
      this.err(prompt);
    }
    lines.muted = hidden && this.interactive;
    let line;
    try {
      line = await lines.next();
    } finally {
      lines.muted = false;
    }
    // Nothing echoed the answer (piped input, or a hidden one): end the prompt's line ourselves.
    if (!this.interactive || hidden) this.err("\n");
    return line;
  }

  #lineReader() {
    if (this.#lines) return this.#lines;
    const reader = { muted: false, queue: [], waiting: null, ended: false, rl: null };
    // On a TTY readline echoes through `output`; muting it hides a password as it is typed.
    const stderr = this.#stderr;
    const echo = new Writable({
      write(chunk, encoding, done) {
        if (!reader.muted) stderr.write(chunk);
        done();
      },
    });
    reader.rl = createInterface({
      input: this.#stdin,
      output: this.interactive ? echo : undefined,
      terminal: this.interactive,
      crlfDelay: Infinity,
      historySize: this.interactive ? 100 : 0,
    });
    const settle = (outcome) => {
      const waiting = reader.waiting;
      reader.waiting = null;
      outcome(waiting);
    };
    reader.rl.on("line", (line) => {
      if (reader.waiting) settle((w) => w.resolve(line));
      else reader.queue.push(line);
    });
    reader.rl.on("close", () => {
      reader.ended = true;
      if (reader.waiting) settle((w) => w.resolve(null));
    });
    reader.cancel = (error) => {
      if (reader.waiting) settle((w) => w.reject(error));
    };
    // In raw mode Ctrl-C arrives as a key, not a signal.
    reader.rl.on("SIGINT", () => this.interrupt());
    reader.next = () => {
      if (reader.queue.length) return Promise.resolve(reader.queue.shift());
      if (reader.ended) return Promise.resolve(null);
      return new Promise((resolve, reject) => {
        reader.waiting = { resolve, reject };
      });
    };
    this.#lines = reader;
    return reader;
  }

  /** Makes the prompt being waited on, if any, throw `error` (Ctrl-C while a question is open). */
  cancelAsk(error) {
    this.#lines?.cancel(error);
  }

  /**
   * While the returned function has not been called, Ctrl-C runs `handler` instead of ending
   * the CLI. The newest handler wins.
   */
  onInterrupt(handler) {
    this.#interruptHandlers.push(handler);
    return () => {
      const at = this.#interruptHandlers.lastIndexOf(handler);
      if (at !== -1) this.#interruptHandlers.splice(at, 1);
    };
  }

  /** Ctrl-C: the newest handler, or else leave with 130. */
  interrupt() {
    const handler = this.#interruptHandlers.at(-1);
    if (handler) return handler();
    this.endLine();
    this.err("interrupted\n");
    this.close();
    process.exit(130);
  }

  /** Releases stdin so the process can end. */
  close() {
    if (this.#lines) this.#lines.rl.close();
  }

  /** Resolves once everything written so far has been handed to the OS. */
  async flush() {
    await Promise.all([this.#stdout, this.#stderr].map((s) => new Promise((r) => s.write("", r))));
  }
}
