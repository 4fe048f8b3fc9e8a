// `--output verbose` (the default): the run's id, its text as it streams, every tool call with
// its arguments and every result on one line each, errors, usage, then status and files.
import { HumanRenderer } from "./human.mjs";
import { parsedArgs, wireFields } from "./tool-calls.mjs";
import { preview, terminalText } from "./text.mjs";
import { listFiles } from "./files.mjs";

export class VerboseRenderer extends HumanRenderer {
  #metrics = null;

  event(event) {
    const raw = wireFields(event);
    switch (event.type) {
      case "metadata": {
        const runId = raw.payload?.run_id ?? raw.run_id;
        // One metadata event opens each turn (a rejoin's replay of it is skipped upstream).
        if (runId != null) this.line(`run ${terminalText(runId)}`);
        return;
      }
      case "text-delta":
        this.text(raw.delta);
        return;
      case "plan-start":
        this.line("plan:");
        return;
      case "plan-delta":
        this.planText(raw);
        return;
      case "plan-end":
        this.endBlock();
        return;
      case "tool-call-start":
      case "tool-call-delta":
      case "tool-call-end":
      case "tool-result-end":
        this.toolLines(event, (kind, call) => {
          const detail = preview(kind === "call" ? parsedArgs(call.args) : (call.result ?? "(no result)"), 200);
          return `${kind === "call" ? "→" : "←"} ${terminalText(call.name)}${detail ? ` ${detail}` : ""}`;
        });
        return;
      case "error":
        this.line(`✗ error: ${preview(raw.error ?? "unknown error", 400)}`);
        return;
      case "run_metrics":
        this.#metrics = raw;
        return;
      default:
        return;
    }
  }

  decision(request, decision) {
    this.aside(`${decision === "allow" ? "✓ allowed" : "✗ denied"} ${terminalText(request.tool_name)}`);
  }

  finish({ run, files }) {
    const t = this.terminal;
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
    listFiles(t, run.id, files);
  }
}
