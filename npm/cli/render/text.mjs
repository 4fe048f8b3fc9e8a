// Agent output is untrusted text: before it reaches a terminal, control characters (escape
// sequences could recolour, retitle or rewrite the screen) become visible placeholders.

// C0 controls except tab and newline, DEL, and the C1 range (0x9b is a one-byte CSI).
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** Streamed text as the terminal may show it: newlines and tabs kept, controls replaced. */
export function terminalText(text) {
  return String(text ?? "").replace(CONTROL, "\ufffd");
}

/** A value squeezed onto one line of at most `width` characters, for tool arguments and results. */
export function preview(value, width = 120) {
  let text;
  if (typeof value === "string") text = value;
  else if (value === undefined) text = "";
  else {
    try {
      text = JSON.stringify(value);
    } catch {
      text = String(value);
    }
  }
  text = terminalText(text.replace(/\s+/g, " ").trim());
  return text.length > width ? `${text.slice(0, width - 1)}…` : text;
}

/** 1234 → "1.2 kB": file sizes in listings. */
export function humanSize(bytes) {
  if (typeof bytes !== "number" || !Number.isFinite(bytes)) return "?";
  if (bytes < 1000) return `${bytes} B`;
  const units = ["kB", "MB", "GB", "TB"];
  let value = bytes;
  let unit = -1;
  do {
    value /= 1000;
    unit++;
  } while (value >= 1000 && unit < units.length - 1);
  return `${value.toFixed(1)} ${units[unit]}`;
}

/** A word the POSIX shell reads back unchanged: printed commands must be copy-pasteable. */
export function shellWord(word) {
  const text = String(word);
  if (/^[A-Za-z0-9_@%+=:,./-]+$/.test(text)) return text;
  return `'${text.replace(/'/g, `'\\''`)}'`;
}

/** The command that downloads one of a run's files. */
export function downloadCommand(runId, fileName) {
  return `m8tes run download ${runId} ${shellWord(terminalText(fileName))}`;
}

/**
 * One JSON line that is safe on a terminal too: JSON.stringify escapes C0 controls but not
 * DEL and the C1 range (0x9b starts an escape sequence on some terminals).
 */
export function jsonLine(value) {
  const text = JSON.stringify(value).replace(/[\u007f-\u009f\u2028\u2029]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  return `${text}\n`;
}
