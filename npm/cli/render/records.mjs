// How one object (an agent, a task, a run) and a list of them are shown to people: labelled
// lines for one, aligned columns for many; `-o json` prints the server's objects instead.
import { jsonLine, terminalText } from "./text.mjs";

/**
 * One object as `label: value` lines, empty values left out. `rows` is `[label, value][]`;
 * with `-o compact` only the labels in `compact` are shown.
 */
export function printFields(terminal, rows, { output, compact } = {}) {
  const shown = output === "compact" && compact ? rows.filter(([label]) => compact.includes(label)) : rows;
  for (const [label, value] of shown) {
    if (value === null || value === undefined || value === "") continue;
    terminal.out(`${`${label}:`.padEnd(14)}${terminalText(value)}\n`);
  }
}

/**
 * Many objects as aligned columns under a header: `columns` is `[{ title, value(item) }]`; with
 * `-o compact` the header is left out and only the columns marked `compact` are shown.
 */
export function printTable(terminal, items, columns, { output } = {}) {
  const shown = output === "compact" ? columns.filter((c) => c.compact) : columns;
  const cells = items.map((item) => shown.map((c) => oneLine(c.value(item))));
  const widths = shown.map((c, i) => Math.max(output === "compact" ? 0 : c.title.length, ...cells.map((row) => row[i].length)));
  const line = (row) => `${row.map((cell, i) => (i === row.length - 1 ? cell : cell.padEnd(widths[i]))).join("  ")}`.trimEnd();
  if (output !== "compact") terminal.out(`${line(shown.map((c) => c.title))}\n`);
  for (const row of cells) terminal.out(`${line(row)}\n`);
}

/** `-o json` for a list: one object per line, as the server sent it. */
export function printJsonLines(terminal, items) {
  for (const item of items) terminal.out(jsonLine(item));
}

function oneLine(value) {
  if (value === null || value === undefined || value === "") return "-";
  return terminalText(String(value).replace(/\s+/g, " ").trim());
}
