// Options several commands share.
import { UsageError } from "../failure.mjs";
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
  help: "ask y/n before each tool runs (permission mode approval); default: autonomous",
};

export const PLAN = {
  name: "plan",
  help: "show the plan and ask before carrying it out (permission mode plan)",
};

/**
 * The run-creating parameters of `--approval` / `--plan` (wire §2.2: both need
 * human_in_the_loop); none for an autonomous run. Checked before anything is sent.
 */
export function permissionParams(options) {
  if (options.approval && options.plan) throw new UsageError("--approval and --plan cannot be combined");
  if (options.approval) return { human_in_the_loop: true, permission_mode: "approval" };
  if (options.plan) return { human_in_the_loop: true, permission_mode: "plan" };
  return {};
}
