// `--output compact`: the run's text as it streams, one short line per tool call and result,
// errors, then the files; no ids, arguments or usage.
import { HumanRenderer } from "./human.mjs";
import { wireFields } from "./tool-calls.mjs";
import { preview, terminalText } from "./text.mjs";
import { listFiles } from "./files.mjs";

export class CompactRenderer extends HumanRenderer {
  event(event) {
    const raw = wireFields(event);
    switch (event.type) {
      case "text-delta":
        this.text(raw.delta);
        return;
      case "plan-delta":
        // The plan is what a --plan run asks you to approve: shown even here.
        this.planText(raw);
        return;
      case "plan-end":
        this.endBlock();
        return;
      case "error":
        this.line(`✗ ${preview(raw.error ?? "unknown error", 200)}`);
        return;
      default:
        this.toolLines(event, (kind, call) =>
          kind === "call" ? `→ ${terminalText(call.name)}` : `← ${terminalText(call.name)} ${preview(call.result ?? "done", 60)}`,
        );
    }
  }

  decision(request, decision) {
    this.aside(`${decision === "allow" ? "✓" : "✗"} ${terminalText(request.tool_name)}`);
  }

  finish({ run, files }) {
    const t = this.terminal;
    t.endLine();
    if (run.status !== "completed") t.out(`run ${run.id} ${terminalText(run.status)}\n`);
    listFiles(t, run.id, files);
  }
}
