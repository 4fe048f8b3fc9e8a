// The process's terminal: where output goes (with secrets redacted), how lines are read from
// stdin (hidden for passwords on a TTY), what Ctrl-C means at this moment, and the one
// transient status line (a spinner, a progress bar) drawn on stderr when it is a terminal.
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
  /** The status line on screen now ("" when none); rubbed out before anything else is written. */
  #status = "";
  #asking = false;
  #lastWriteAt = Date.now();

  constructor({ stdin, stdout, stderr, env = {} }) {
    this.#stdin = stdin;
    this.#stdout = stdout;
    this.#stderr = stderr;
    /** A person is typing (so prompts are edited in place and passwords hidden). */
    this.interactive = Boolean(stdin.isTTY);
    /**
     * A status line may be drawn: stderr is a terminal that understands a carriage return.
     * Never in a pipe or a file, and not on TERM=dumb (as cargo and npm decide).
     */
    this.canShowProgress = Boolean(stderr.isTTY) && env.TERM !== "dumb";
    /** Colour is allowed: NO_COLOR (no-color.org: set and not empty) turns it off; so does --no-color. */
    this.color = !env.NO_COLOR;
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
    this.clearStatus();
    this.#stdout.write(clean);
    this.#outAtLineStart = clean.endsWith("\n");
    this.#lastWriteAt = Date.now();
  }

  /** Raw bytes to stdout (a downloaded file sent to `--out -`). */
  outBytes(bytes) {
    this.clearStatus();
    this.#stdout.write(bytes);
  }

  /** Milliseconds since anything but the status line was written. */
  quietFor() {
    return Date.now() - this.#lastWriteAt;
  }

  /**
   * Draws `text` as the status line (on stderr, over the previous one), when a status line may
   * be shown and drawing it would not overwrite streamed text or a prompt. `text` is one short
   * line; it is cut to the terminal's width so a carriage return can always take it back.
   */
  status(text) {
    if (!this.canShowProgress || this.#asking || !this.#outAtLineStart) return;
    const width = Math.max(10, (this.#stderr.columns || 80) - 1);
    const shown = cutVisible(text, width);
    const pad = Math.max(0, visibleLength(this.#status) - visibleLength(shown));
    this.#stderr.write(`\r${shown}${" ".repeat(pad)}`);
    this.#status = shown;
  }

  /** Rubs out the status line, if one is drawn: spaces over it, the cursor back at its start. */
  clearStatus() {
    if (!this.#status) return;
    this.#stderr.write(`\r${" ".repeat(visibleLength(this.#status))}\r`);
    this.#status = "";
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
    this.clearStatus();
    this.#stderr.write(this.#redact(text).replace(KEY_SHAPED, "m8_[redacted]"));
    this.#lastWriteAt = Date.now();
  }

  /**
   * Reads one line after showing `prompt` on stderr; `null` at end of input (Ctrl-D).
   * `hidden` keeps a typed password off the screen when stdin is a terminal.
   */
  async ask(prompt, { hidden = false } = {}) {
    this.clearStatus();
    this.endLine();
    const lines = this.#lineReader();
    if (this.interactive && !hidden) {
      lines.rl.setPrompt(this.#redact(prompt));
      lines.rl.prompt();
    } else {
      this.err(prompt);
    }
    lines.muted = hidden && this.interactive;
    // No status line may be drawn over a question while it waits for its answer.
    this.#asking = true;
    let line;
    try {
      line = await lines.next();
    } finally {
      lines.muted = false;
      this.#asking = false;
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
    this.clearStatus();
    if (this.#lines) this.#lines.rl.close();
  }

  /** Resolves once everything written so far has been handed to the OS. */
  async flush() {
    await Promise.all([this.#stdout, this.#stderr].map((s) => new Promise((r) => s.write("", r))));
  }
}

/** SGR colour sequences take no room on screen. */
const SGR = /\x1b\[[0-9;]*m/g;

function visibleLength(text) {
  return [...text.replace(SGR, "")].length;
}

/** `text` cut to `width` visible characters (status lines are plain but for colour). */
function cutVisible(text, width) {
  if (visibleLength(text) <= width) return text;
  return [...text.replace(SGR, "")].slice(0, width - 1).join("") + "…";
}
