// A turn's tool calls, assembled from their start / delta / end / result events, so each call
// and each result can be shown as one line under the tool's name.

export class ToolCalls {
  #calls = new Map();

  /** Feeds one event; returns the lines now due: `[{ kind: "call" | "result", call }]`. */
  take(event) {
    const raw = wireFields(event);
    const id = raw.toolCallId ?? raw.tool_call_id;
    switch (event.type) {
      case "tool-call-start":
        this.#calls.set(id, { name: raw.toolName ?? raw.tool_name ?? "tool", args: "", shown: false });
        return [];
      case "tool-call-delta": {
        const call = this.#calls.get(id);
        if (call && typeof raw.delta === "string") call.args += raw.delta;
        return [];
      }
      case "tool-call-end":
        return this.#show(id);
      case "tool-result-end": {
        // A result may arrive without a call-end: show the call first.
        const due = this.#show(id);
        const call = this.#calls.get(id) ?? { name: "tool", args: "", shown: true };
        call.result = raw.result;
        return [...due, { kind: "result", call }];
      }
      default:
        return [];
    }
  }

  #show(id) {
    const call = this.#calls.get(id);
    if (!call || call.shown) return [];
    call.shown = true;
    return [{ kind: "call", call }];
  }
}

/** The event's wire object: the package's events carry it as `raw`, with the fields copied up. */
export function wireFields(event) {
  return event && typeof event.raw === "object" && event.raw !== null ? { ...event.raw, ...event } : event ?? {};
}

/** Tool arguments arrive as JSON text; shown parsed when they parse. */
export function parsedArgs(text) {
  if (!text) return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
