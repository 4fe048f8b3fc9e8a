// What the two renderers for people (verbose, compact) share: the run's text as it streams,
// tool calls assembled into one line each, the lines after a prompt, and the rule that text
// after such a line starts without its leading blank lines.
import { ToolCalls } from "./tool-calls.mjs";
import { terminalText } from "./text.mjs";

export class HumanRenderer {
  #tools = new ToolCalls();
  /** Just printed a line of its own: the next text block's leading blank lines are dropped. */
  #afterLine = false;

  constructor(terminal) {
    this.terminal = terminal;
  }

  /** A text delta, as it arrives. */
  text(delta) {
    let text = terminalText(delta);
    if (this.#afterLine) text = text.replace(/^\n+/, "");
    if (!text) return;
    this.#afterLine = false;
    this.terminal.out(text);
  }

  /** A plan's streamed text; wire §4.2 puts it in the first of delta, text, plan. */
  planText(raw) {
    this.terminal.out(terminalText(raw.delta || raw.text || raw.plan || ""));
  }

  /** Ends a block (a plan) so the text after it starts on a clean line. */
  endBlock() {
    this.terminal.endLine();
    this.#afterLine = true;
  }

  /** `text` on a line of its own. */
  line(text) {
    this.terminal.endLine();
    this.terminal.out(`${text}\n`);
  }

  /** An aside (a tool line, a decision): a line of its own, after which text starts clean. */
  aside(text) {
    this.endBlock();
    this.terminal.out(`${text}\n`);
  }

  /** One line per tool call and per result that `event` completes, as `format(kind, call)`. */
  toolLines(event, format) {
    for (const { kind, call } of this.#tools.take(event)) this.aside(format(kind, call));
  }

  /** After a question (a plan approval) was answered. */
  answered(request, answers) {
    this.aside(`answered: ${Object.values(answers).map(terminalText).join(", ")}`);
  }

  stopped() {
    this.terminal.endLine();
    this.terminal.out("(stopped)\n");
  }
}
