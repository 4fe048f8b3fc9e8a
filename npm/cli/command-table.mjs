// The one table of the CLI's commands: what `main` dispatches on, what `--help` lists and what
// `m8tes completion` turns into shell completion. Names and aliases are SDK 4.49's (its
// `m8tes --help`), so scripts and habits carry over; this CLI's earlier names stay as aliases
// (`mate show` = `agent get`, `run show` = `run get`, `run messages` = `run conversation`).
//
// An entry is a group `{ name, aliases, summary, commands }` or a command of its own
// (`completion`). A command is `{ name, aliases?, summary, usage, description?, positionals?,
// options?, run }`, or, where this API (or the package) has no counterpart, `unavailable(…)`: listed in help,
// saying so, and refusing to run.
import * as agent from "./commands/agent.mjs";
import * as apps from "./commands/apps.mjs";
import * as auth from "./commands/auth.mjs";
import { chat } from "./commands/chat.mjs";
import { completion } from "./commands/completion.mjs";
import * as run from "./commands/run.mjs";
import * as task from "./commands/task.mjs";
import { CliError, EXIT } from "./failure.mjs";

/**
 * Said in help and on use: the command exists in SDK 4.49, but not here — `where` is "against
 * this API" when the API has no counterpart, "in this CLI yet" when only the package lacks it.
 */
function unavailable(name, aliases, summary, reason, where = "against this API") {
  return {
    name,
    aliases,
    summary: `${summary} — not available ${where}`,
    unavailable: where,
    description: [`SDK 4.49 has this command; it is not available ${where}: ${reason}.`],
    run() {
      throw new CliError(`this command is not available ${where}: ${reason}`, EXIT.USAGE);
    },
  };
}

export const TABLE = [
  {
    name: "auth",
    aliases: ["a"],
    summary: "Log in and out, see your account's usage",
    commands: [
      unavailable(
        "register",
        ["r"],
        "Create an account",
        "@m8tes/wasm has no signup call yet, though the API has POST /signup: sign up with it (curl), then `m8tes auth login`",
        "in this CLI yet",
      ),
      auth.login,
      auth.status,
      auth.usage,
      auth.resendVerify,
      auth.logout,
    ],
  },
  {
    name: "apps",
    aliases: ["app"],
    summary: "List apps and manage their connections",
    commands: [
      apps.list,
      apps.connectOauth,
      unavailable("connect-api-key", ["api-key"], "Connect an app by its API key", "the API connects apps by OAuth only (no /apps/{app}/connect/api-key)"),
      apps.connectComplete,
      apps.disconnect,
    ],
  },
  {
    name: "google",
    aliases: ["g"],
    summary: "Google Ads integration — not available against this API",
    commands: [
      unavailable("connect", ["c"], "Connect Google Ads", "Google Ads sign-in is m8tes.ai's own platform session, not part of the agent API"),
      unavailable("status", ["s"], "Show the Google Ads connection", "Google Ads sign-in is m8tes.ai's own platform session, not part of the agent API"),
      unavailable("disconnect", ["d"], "Disconnect Google Ads", "Google Ads sign-in is m8tes.ai's own platform session, not part of the agent API"),
    ],
  },
  {
    name: "agent",
    aliases: ["mate", "teammate", "m", "agents"],
    summary: "Manage agents (the API's teammates) and run them",
    commands: [agent.create, agent.list, agent.get, agent.task, chat, agent.update, agent.enable, agent.disable, agent.archive],
  },
  {
    name: "task",
    aliases: ["tasks"],
    summary: "Manage tasks and run them",
    commands: [task.create, task.list, task.get, task.execute, task.update, task.enable, task.disable, task.archive],
  },
  {
    name: "run",
    aliases: ["r"],
    summary: "Look at runs: details, transcript, usage, tools, files",
    commands: [
      run.get,
      run.list,
      run.listAgent,
      run.conversation,
      run.usage,
      run.setPermissionMode,
      run.tools,
      run.retry,
      unavailable("audit-logs", ["logs"], "List the account's API request audit logs", "the API keeps no request audit log (no /audit-logs)"),
      run.outcome,
      run.files,
      run.download,
    ],
  },
  completion,
];

// Each command learns its full path once, for help and completion: ["agent", "get"].
for (const entry of TABLE) {
  if (entry.commands) for (const command of entry.commands) command.path = [entry.name, command.name];
  else entry.path = [entry.name];
}

/** The entry (group or command) of `entries` that `word` names, by name or alias. */
export function findEntry(entries, word) {
  return entries.find((e) => e.name === word || (e.aliases ?? []).includes(word));
}

/** Every runnable command in table order, each with its `path`. */
export function allCommands() {
  return TABLE.flatMap((entry) => entry.commands ?? [entry]);
}
