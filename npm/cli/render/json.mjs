// `--output json`: one JSON object per line for scripts. Every stream event as the wire sent
// it, then one closing `m8tes.result` line with the run's status and files. Prompts and
// notices go to stderr, so stdout stays parseable.
import { downloadCommand, jsonLine } from "./text.mjs";

export class JsonRenderer {
  #terminal;

  constructor(terminal) {
    this.#terminal = terminal;
  }

  #line(value) {
    this.#terminal.out(jsonLine(value));
  }

  event(event) {
    // `data: [DONE]` has no object of its own; it is still a line with a type.
    const raw = event.raw && typeof event.raw === "object" ? event.raw : {};
    this.#line("type" in raw ? raw : { type: event.type, ...raw });
  }

  decision(request, decision) {
    this.#line({ type: "m8tes.decision", request_id: request.request_id, tool_name: request.tool_name, decision });
  }

  answered(request, answers) {
    this.#line({ type: "m8tes.answer", request_id: request.request_id, answers });
  }

  stopped() {
    this.#line({ type: "m8tes.stopped" });
  }

  finish({ run, files }) {
    this.#line({
      type: "m8tes.result",
      run_id: run.id,
      status: run.status,
      error: run.error ?? null,
      files: (files ?? []).map((f) => ({ name: f.name, size: f.size, download: downloadCommand(run.id, f.name) })),
    });
  }
}
