// `--output verbose|compact|json` → the renderer that shows a run.
import { CompactRenderer } from "./compact.mjs";
import { JsonRenderer } from "./json.mjs";
import { VerboseRenderer } from "./verbose.mjs";

export const OUTPUT_MODES = ["verbose", "compact", "json"];

export function createRenderer(mode, terminal) {
  if (mode === "json") return new JsonRenderer(terminal);
  if (mode === "compact") return new CompactRenderer(terminal);
  return new VerboseRenderer(terminal);
}
