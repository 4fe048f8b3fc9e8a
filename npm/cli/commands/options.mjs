// Options several commands share.
import { OUTPUT_MODES } from "../render/index.mjs";

export const OUTPUT = {
  name: "output",
  short: "o",
  value: "MODE",
  choices: OUTPUT_MODES,
  default: "verbose",
  help: "verbose (default), compact, or json (one object per line)",
};

export const APPROVAL = {
  name: "approval",
  help: "ask before each tool runs (human_in_the_loop, permission_mode approval); default: autonomous",
};

/** The run-creating parameters `--approval` adds (wire §2.2: approval requires human_in_the_loop). */
export function approvalParams(options) {
  return options.approval ? { human_in_the_loop: true, permission_mode: "approval" } : {};
}
