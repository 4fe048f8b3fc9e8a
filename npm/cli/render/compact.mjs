// `--output compact`: the run's text as it streams, one short line per tool call and result,
// errors, then the files; no ids, arguments or usage.
import { ToolCalls, wireFields } from "./tool-calls.mjs";
import { humanSize, preview, terminalText } from "./text.mjs";
import { listFiles } from "./files.mjs";

export class CompactRenderer {
  #terminal;
  #tools = new ToolCalls();
  /** Just printed a tool line: the next text block's leading blank lines are dropped. */
  #afterToolLine = false;

  constructor(terminal) {
    this.#terminal = terminal;
  }

  event(event) {
    const t = this.#terminal;
    const raw = wireFields(event);
    if (event.type === "text-delta") {
      this.#text(raw.delta);
      return;
    }
    if (event.type === "plan-delta") {
      // The plan is what a --plan run asks you to approve: shown even here.
      t.out(terminalText(raw.delta || raw.text || raw.plan || ""));
      return;
    }
    if (event.type === "plan-end") {
      t.endLine();
      this.#afterToolLine = true;
      return;
    }
    if (event.type === "error") {
      t.endLine();
      t.out(`✗ ${preview(raw.error ?? "unknown error", 200)}\n`);
      return;
    }
    for (const { kind, call } of this.#tools.take(event)) {
      t.endLine();
      t.out(kind === "call" ? `→ ${terminalText(call.name)}\n` : `← ${terminalText(call.name)} ${preview(call.result ?? "done", 60)}\n`);
      this.#afterToolLine = true;
    }
  }

  #text(delta) {
    let text = terminalText(delta);
    if (this.#afterToolLine) text = text.replace(/^\n+/, "");
    if (!text) return;
    this.#afterToolLine = false;
    this.#terminal.out(text);
  }

  decision(request, decision) {
    this.#terminal.out(`${decision === "allow" ? "✓" : "✗"} ${terminalText(request.tool_name)}\n`);
    this.#afterToolLine = true;
  }

  /** After a question (a plan approval) was answered. */
  answered(request, answers) {
    this.#terminal.out(`answered: ${Object.values(answers).map(terminalText).join(", ")}\n`);
    this.#afterToolLine = true;
  }

  stopped() {
    this.#terminal.endLine();
    this.#terminal.out("(stopped)\n");
  }

  finish({ run, files }) {
    const t = this.#terminal;
    t.endLine();
    if (run.status !== "completed") t.out(`run ${run.id} ${terminalText(run.status)}\n`);
    listFiles(t, run.id, files, humanSize);
  }
}
