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

export const USER_ID = {
  name: "user-id",
  value: "ID",
  help: "act for this end user (SDK 4.49's user scope); default: the account",
};

export const FORCE = { name: "force", help: "do it without asking first" };

/** SDK 4.49's scripts pass it; this CLI takes every field as a flag anyway. */
export const NON_INTERACTIVE = { name: "non-interactive", help: "accepted for SDK 4.49's scripts (this CLI never prompts for fields)" };

/** `{ user_id }` when --user-id was given, else nothing (the account scope). */
export function userScope(options) {
  return options["user-id"] ? { user_id: options["user-id"] } : {};
}
