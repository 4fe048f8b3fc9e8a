// `--output verbose` (the default): the run's id, its text as it streams, every tool call with
// its arguments and every result on one line each, errors, usage, then status and files.
import { ToolCalls, parsedArgs, wireFields } from "./tool-calls.mjs";
import { humanSize, preview, terminalText } from "./text.mjs";
import { listFiles } from "./files.mjs";

export class VerboseRenderer {
  #terminal;
  #tools = new ToolCalls();
  /** Just printed a tool line: the next text block's leading blank lines are dropped. */
  #afterToolLine = false;
  #metrics = null;

  constructor(terminal) {
    this.#terminal = terminal;
  }

  event(event) {
    const t = this.#terminal;
    const raw = wireFields(event);
    switch (event.type) {
      case "metadata": {
        const runId = raw.payload?.run_id ?? raw.run_id;
        // One metadata event opens each turn (a rejoin's replay of it is skipped upstream).
        if (runId != null) {
          t.endLine();
          t.out(`run ${terminalText(runId)}\n`);
        }
        return;
      }
      case "text-delta":
        this.#text(raw.delta);
        return;
      case "plan-start":
        t.endLine();
        t.out("plan:\n");
        return;
      case "plan-delta":
        // wire §4.2: a plan's text is in the first of delta, text, plan.
        t.out(terminalText(raw.delta || raw.text || raw.plan || ""));
        return;
      case "plan-end":
        t.endLine();
        this.#afterToolLine = true;
        return;
      case "tool-call-start":
      case "tool-call-delta":
      case "tool-call-end":
      case "tool-result-end":
        this.#toolLines(event);
        return;
      case "error":
        t.endLine();
        t.out(`✗ error: ${preview(raw.error ?? "unknown error", 400)}\n`);
        return;
      case "run_metrics":
        this.#metrics = raw;
        return;
      default:
        return;
    }
  }

  #toolLines(event) {
    const t = this.#terminal;
    for (const { kind, call } of this.#tools.take(event)) {
      t.endLine();
      const detail = kind === "call" ? preview(parsedArgs(call.args), 200) : preview(call.result ?? "(no result)", 200);
      t.out(`${kind === "call" ? "→" : "←"} ${terminalText(call.name)}${detail ? ` ${detail}` : ""}\n`);
      this.#afterToolLine = true;
    }
  }

  /** After an approval prompt was answered. */
  #text(delta) {
    let text = terminalText(delta);
    if (this.#afterToolLine) text = text.replace(/^\n+/, "");
    if (!text) return;
    this.#afterToolLine = false;
    this.#terminal.out(text);
  }

  decision(request, decision) {
    this.#terminal.out(`${decision === "allow" ? "✓ allowed" : "✗ denied"} ${terminalText(request.tool_name)}\n`);
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
    if (this.#metrics) {
      const m = this.#metrics;
      const tokens = (m.input_tokens_used ?? 0) + (m.output_tokens_used ?? 0);
      const cost = typeof m.claude_token_cost_usd === "number" ? `, $${m.claude_token_cost_usd.toFixed(4)}` : "";
      t.out(`usage: ${tokens} tokens${cost}\n`);
      this.#metrics = null;
    }
    const error = run.status === "failed" && run.error ? `: ${preview(run.error, 400)}` : "";
    t.out(`run ${run.id} ${terminalText(run.status)}${error}\n`);
    listFiles(t, run.id, files, humanSize);
  }
}
