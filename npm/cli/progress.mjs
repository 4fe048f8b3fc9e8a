// Progress on long work, drawn as the terminal's status line on stderr: a spinner with the
// time spent while a run works and nothing streams, a bar while a file downloads, a count while
// a listing walks its pages. Each is a no-op unless the terminal may show progress and the
// command's output is for people (never with `-o json`); stdout is never touched.
import { humanSize } from "./render/text.mjs";

const FRAMES = ["⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"];
const TICK_MS = 100;
/** Silence this long after the last line written before the spinner shows again. */
const QUIET_MS = 250;
const BAR_WIDTH = 24;

const CYAN = "\x1b[36m";
const GREEN = "\x1b[32m";
const DIM = "\x1b[2m";
const RESET = "\x1b[0m";

/** Whether `options` (a command's parsed options) allow progress on `terminal` at all. */
export function progressAllowed(terminal, options = {}) {
  return terminal.canShowProgress && options.output !== "json";
}

function paint(terminal, colour, text) {
  return terminal.color ? `${colour}${text}${RESET}` : text;
}

function elapsed(startedAt) {
  const seconds = Math.floor((Date.now() - startedAt) / 1000);
  return seconds < 60 ? `${seconds}s` : `${Math.floor(seconds / 60)}m${String(seconds % 60).padStart(2, "0")}s`;
}

/**
 * A spinner labelled `label()` (read at each frame, so it can name the run once known) with the
 * time since it started. It draws only after QUIET_MS of silence, so streamed text is never
 * interleaved with it; `stop()` rubs it out.
 */
export function startSpinner(terminal, options, label) {
  if (!progressAllowed(terminal, options)) return { stop() {} };
  const startedAt = Date.now();
  let frame = 0;
  const timer = setInterval(() => {
    if (terminal.quietFor() < QUIET_MS) return;
    const spin = paint(terminal, CYAN, FRAMES[frame++ % FRAMES.length]);
    terminal.status(`${spin} ${label()} ${paint(terminal, DIM, elapsed(startedAt))}`);
  }, TICK_MS);
  // The spinner never keeps the process alive on its own.
  timer.unref?.();
  return {
    stop() {
      clearInterval(timer);
      terminal.clearStatus();
    },
  };
}

/** A bar for `name` filling as bytes arrive; `total` may be unknown (then only the count shows). */
export function startDownloadBar(terminal, options, name) {
  if (!progressAllowed(terminal, options)) return { update() {}, stop() {} };
  let lastDrawn = 0;
  const draw = (received, total) => {
    if (typeof total === "number" && total > 0) {
      const share = Math.min(1, received / total);
      const filled = Math.round(share * BAR_WIDTH);
      const bar = paint(terminal, GREEN, "█".repeat(filled)) + "░".repeat(BAR_WIDTH - filled);
      terminal.status(`${name} ${bar} ${String(Math.floor(share * 100)).padStart(3)}% ${humanSize(received)} of ${humanSize(total)}`);
    } else {
      terminal.status(`${name} ${humanSize(received)}`);
    }
  };
  return {
    /** Redraws at most every TICK_MS, and always at the end (`received === total`). */
    update(received, total) {
      const now = Date.now();
      if (now - lastDrawn < TICK_MS && received !== total) return;
      lastDrawn = now;
      draw(received, total);
    },
    stop() {
      terminal.clearStatus();
    },
  };
}

/** "listing agents… 40": `add()` once per item received from the pages. */
export function startCounter(terminal, options, noun) {
  if (!progressAllowed(terminal, options)) return { add() {}, stop() {} };
  let count = 0;
  let lastDrawn = 0;
  const draw = () => terminal.status(`${paint(terminal, CYAN, "…")} listing ${noun}: ${count}`);
  draw();
  return {
    add() {
      count++;
      const now = Date.now();
      if (now - lastDrawn >= TICK_MS / 2) {
        lastDrawn = now;
        draw();
      }
    },
    stop() {
      terminal.clearStatus();
    },
  };
}

/** Every item of an auto-paging list, counted on the status line as the pages arrive. */
export async function collectPages(terminal, options, noun, pages, { limit = Infinity } = {}) {
  const counter = startCounter(terminal, options, noun);
  const items = [];
  try {
    for await (const item of pages) {
      items.push(item);
      counter.add();
      if (items.length >= limit) break;
    }
  } finally {
    counter.stop();
  }
  return items;
}
