// `m8tes agent …` (also `mate`, `teammate`, `m`, `agents`): create, list, show, change, pause
// and archive agents (the API's teammates), and run one message on one.
import { CliError, EXIT, UsageError } from "../failure.mjs";
import { collectPages } from "../progress.mjs";
import { createRenderer } from "../render/index.mjs";
import { printFields, printJsonLines, printTable } from "../render/records.mjs";
import { jsonLine, terminalText } from "../render/text.mjs";
import { followRun } from "../run-follow.mjs";
import { openSession } from "../session.mjs";
import { APPROVAL, FORCE, NON_INTERACTIVE, OUTPUT, PLAN, USER_ID, permissionParams, userScope } from "./options.mjs";

/** The fields `agent create` and `agent update` set, as flags. */
const FIELD_OPTIONS = [
  { name: "name", value: "NAME", help: "the agent's name" },
  { name: "instructions", value: "TEXT", help: "what it is for and how it works" },
  { name: "role", value: "TEXT", help: "its role or persona" },
  { name: "goals", value: "TEXT", help: 'goals and metrics, e.g. "Improve ROAS while keeping CPC under $2"' },
  { name: "tools", value: "APP…", many: true, help: "app ids, space- or comma-separated: --tools gmail slack (see `m8tes apps list`)" },
];

function fieldParams(options) {
  const params = {};
  for (const key of ["name", "instructions", "role", "goals"]) {
    if (options[key] !== undefined) params[key] = options[key];
  }
  if (options.tools !== undefined) params.tools = options.tools;
  return params;
}

function showAgent(terminal, agent, output) {
  if (output === "json") {
    terminal.out(jsonLine(agent));
    return;
  }
  printFields(
    terminal,
    [
      ["id", agent.id],
      ["name", agent.name],
      ["status", agent.status],
      ["role", agent.role],
      ["goals", agent.goals],
      ["tools", (agent.tools ?? []).join(", ")],
      ["instructions", agent.instructions],
      ["email", agent.inbound_email_enabled ? agent.email_address : null],
      ["user", agent.user_id],
      ["created", agent.created_at],
    ],
    { output, compact: ["id", "name", "status", "tools"] },
  );
}

export const create = {
  name: "create",
  aliases: ["c"],
  summary: "Create an agent",
  usage: "m8tes agent create --name NAME [--instructions TEXT] [--role TEXT] [--goals TEXT] [--tools APP…] [--user-id ID] [--output MODE]",
  description: [
    "Creates an agent from the flags and prints it. Only --name is required. (SDK 4.49 asks",
    "for the fields interactively without --non-interactive; this CLI always takes them as",
    "flags, and accepts --non-interactive for scripts written for it.)",
  ],
  options: [...FIELD_OPTIONS, USER_ID, NON_INTERACTIVE, OUTPUT],
  async run(ctx, { options }) {
    if (!options.name?.trim()) throw new UsageError("--name is required");
    const { client } = await openSession(ctx);
    const agent = await client.teammates.create({ ...fieldParams(options), ...userScope(options) });
    if (options.output === "json") ctx.terminal.out(jsonLine(agent));
    else ctx.terminal.out(`created agent ${agent.id} ${terminalText(agent.name)}\n`);
    return EXIT.OK;
  },
};

export const list = {
  name: "list",
  aliases: ["ls"],
  summary: "List your agents",
  usage: "m8tes agent list [--include-disabled] [--user-id ID] [--output MODE]",
  description: [
    "Lists the account's enabled agents, every page of them. --include-disabled adds the",
    "disabled and the archived ones (as SDK 4.49 does).",
  ],
  options: [{ name: "include-disabled", help: "also list disabled and archived agents" }, USER_ID, OUTPUT],
  async run(ctx, { options }) {
    const { client } = await openSession(ctx);
    const t = ctx.terminal;
    const pages = client.teammates.list({ ...userScope(options), ...(options["include-disabled"] ? { include_archived: true } : {}) });
    let agents = await collectPages(t, options, "agents", pages);
    if (!options["include-disabled"]) agents = agents.filter((a) => a.status === "enabled");
    if (options.output === "json") {
      printJsonLines(t, agents);
      return EXIT.OK;
    }
    if (agents.length === 0) {
      t.err(`no agents${options["include-disabled"] ? "" : " enabled (--include-disabled shows the others)"}: create one with \`m8tes agent create --name NAME\`\n`);
      return EXIT.OK;
    }
    printTable(
      t,
      agents,
      [
        { title: "ID", value: (a) => a.id, compact: true },
        { title: "NAME", value: (a) => a.name, compact: true },
        { title: "STATUS", value: (a) => a.status },
        { title: "TOOLS", value: (a) => (a.tools ?? []).join(", ") },
      ],
      options,
    );
    return EXIT.OK;
  },
};

export const get = {
  name: "get",
  aliases: ["g", "show"],
  summary: "Show one agent",
  usage: "m8tes agent get ID [--output MODE]",
  description: ["Shows an agent's name, status, role, goals, tools, instructions and inbound address."],
  positionals: [{ name: "ID", kind: "id" }],
  options: [OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    showAgent(ctx.terminal, await client.teammates.get(args.ID), options.output);
    return EXIT.OK;
  },
};

export const task = {
  name: "task",
  aliases: ["t"],
  summary: "Run a message on an agent and stream it",
  usage: "m8tes agent task [ID] MESSAGE… [--approval | --plan] [--user-id ID] [--output MODE]",
  description: [
    "Starts a run of MESSAGE on agent ID and streams it: text as it arrives, each tool call",
    "and result on one line, then the files the run made with the command that downloads them.",
    "The words after ID are the message (quoting it is optional). Without ID (the first word",
    "not a number) it runs on your most recently created enabled agent, asking first on a",
    "terminal, as SDK 4.49 does. Runs are autonomous unless --approval is given (the run pauses",
    "before each tool and asks you y/n) or --plan (it shows its plan and asks before carrying it",
    "out). While the run works and nothing streams a spinner shows on a terminal. Ctrl-C stops",
    "the run. Exits 1 when the run fails.",
  ],
  positionals: [{ name: "ID", kind: "id", leading: true }, { name: "MESSAGE", rest: true }],
  options: [APPROVAL, PLAN, USER_ID, OUTPUT],
  async run(ctx, { args, options }) {
    if (!args.MESSAGE.trim()) throw new UsageError("MESSAGE is empty");
    const permission = permissionParams(options);
    const { client } = await openSession(ctx);
    const teammate = args.ID ?? (await detectAgent(ctx, client, options));
    const params = { message: args.MESSAGE, teammate_id: teammate, ...userScope(options), ...permission };
    return streamRun(ctx, client, options, () => client.runs.create(params));
  },
};

/**
 * SDK 4.49's choice when no agent id is given: the most recently created enabled agent. A
 * person at a terminal is asked first (Enter accepts); a script is told on stderr.
 */
export async function detectAgent(ctx, client, options) {
  const t = ctx.terminal;
  const agents = await collectPages(t, options, "agents", client.teammates.list(userScope(options)));
  const enabled = agents.filter((a) => a.status === "enabled");
  if (enabled.length === 0) throw new UsageError("no enabled agent to run on: pass an agent ID, or create one with `m8tes agent create --name NAME`");
  const newest = enabled.reduce((best, agent) => (createdLater(agent, best) ? agent : best));
  const named = `agent ${newest.id} ${terminalText(newest.name)}`;
  if (!t.interactive) {
    t.err(`using ${named} (the most recently created enabled agent; pass an ID to choose)\n`);
    return newest.id;
  }
  const answer = await t.ask(`Use ${named} (the most recently created)? [Y/n] `);
  if (answer === null || /^(n|no)$/i.test(answer.trim())) {
    throw new CliError("no agent chosen: pass its ID (`m8tes agent list` shows them)", EXIT.USAGE);
  }
  return newest.id;
}

/** Created after `other`; the higher id breaks a tie of timestamps. */
function createdLater(agent, other) {
  const [mine, theirs] = [agent.created_at ?? "", other.created_at ?? ""];
  return mine > theirs || (mine === theirs && agent.id > other.id);
}

/**
 * Follows a run that `open()` starts to its end, as `agent task` and `task execute` show it;
 * resolves to the exit code (0 completed, 1 otherwise, 130 after Ctrl-C).
 */
export async function streamRun(ctx, client, options, open) {
  const renderer = createRenderer(options.output, ctx.terminal);
  const outcome = await followRun({ client, terminal: ctx.terminal, renderer, open, options });
  if (outcome.stopped) {
    renderer.stopped();
    await cancelQuietly(client, outcome.runId);
    return EXIT.INTERRUPTED;
  }
  renderer.finish(outcome);
  if (outcome.run.status !== "completed") {
    const reason = outcome.run.error ? `: ${terminalText(outcome.run.error)}` : "";
    ctx.terminal.err(`m8tes: run ${outcome.run.id} ${terminalText(outcome.run.status)}${reason}\n`);
    return EXIT.RUN_FAILED;
  }
  return EXIT.OK;
}

/** Ctrl-C means "stop": the stream is gone, so the run should not go on unseen. */
export async function cancelQuietly(client, runId) {
  if (runId == null) return;
  try {
    await client.runs.cancel(runId);
  } catch {
    // Already over (409) or unreachable: either way nothing more to stop.
  }
}

export const update = {
  name: "update",
  aliases: ["u"],
  summary: "Change an agent's name, instructions, role, goals or tools",
  usage: "m8tes agent update ID [--name NAME] [--instructions TEXT] [--role TEXT] [--goals TEXT] [--tools APP…] [--output MODE]",
  description: ["Changes the fields given as flags (at least one) and prints the agent as it now is."],
  positionals: [{ name: "ID", kind: "id" }],
  options: [...FIELD_OPTIONS, NON_INTERACTIVE, OUTPUT],
  async run(ctx, { args, options }) {
    const params = fieldParams(options);
    if (Object.keys(params).length === 0) throw new UsageError("nothing to change: give at least one of --name, --instructions, --role, --goals, --tools");
    const { client } = await openSession(ctx);
    showAgent(ctx.terminal, await client.teammates.update(args.ID, params), options.output);
    return EXIT.OK;
  },
};

/** `agent disable` and `agent enable`: the same command, one verb apart. */
function pauseCommand(verb, aliases, summary, description, extraOptions = []) {
  return {
    name: verb,
    aliases,
    summary,
    usage: `m8tes agent ${verb} ID [--user-id ID] [--output MODE]`,
    description,
    positionals: [{ name: "ID", kind: "id" }],
    options: [...extraOptions, USER_ID, OUTPUT],
    async run(ctx, { args, options }) {
      const { client } = await openSession(ctx);
      const agent = await client.teammates[verb](args.ID, userScope(options));
      if (options.output === "json") ctx.terminal.out(jsonLine(agent));
      else ctx.terminal.out(`agent ${agent.id} ${terminalText(agent.name)}: ${terminalText(agent.status)}\n`);
      return EXIT.OK;
    },
  };
}

export const disable = pauseCommand(
  "disable",
  ["dis"],
  "Pause an agent",
  [
    "Pauses agent ID without archiving it: its schedules stop firing until it is enabled",
    "again, and `agent list --include-disabled` still shows it. Disabling is undone by",
    "`agent enable`, so it asks nothing; --force is accepted for SDK 4.49's scripts.",
  ],
  [FORCE],
);

export const enable = pauseCommand("enable", ["e"], "Resume a paused agent", [
  "Resumes agent ID and re-arms the schedules the pause stopped.",
]);

export const archive = {
  name: "archive",
  aliases: ["a", "arc"],
  summary: "Archive an agent (hidden from listings, history kept)",
  usage: "m8tes agent archive ID [--force] [--output MODE]",
  description: [
    "Archives agent ID: it leaves the listings and runs no more, its runs stay. Asks first",
    "(y/N, on stderr); --force skips the question, as scripts need.",
  ],
  positionals: [{ name: "ID", kind: "id" }],
  options: [FORCE, OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    const agent = await client.teammates.get(args.ID);
    await confirm(ctx.terminal, options, `Archive agent ${agent.id} ${terminalText(agent.name)}? [y/N] `);
    await client.teammates.delete(args.ID);
    if (options.output === "json") ctx.terminal.out(jsonLine({ id: agent.id, archived: true }));
    else ctx.terminal.out(`archived agent ${agent.id} ${terminalText(agent.name)}\n`);
    return EXIT.OK;
  },
};

/** A y/N question before something hard to undo; `--force` answers yes. Anything else is no. */
export async function confirm(terminal, options, question) {
  if (options.force) return;
  const answer = await terminal.ask(question);
  if (!/^(y|yes)$/i.test(answer?.trim() ?? "")) throw new CliError("not confirmed: nothing was changed (--force skips the question)", EXIT.RUN_FAILED);
}
