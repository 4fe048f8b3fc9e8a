// `m8tes task …` (also `tasks`): saved, repeatable work for an agent — create, list, show,
// run (streamed like `agent task`), change, pause and archive.
import { parseId } from "../args.mjs";
import { EXIT, UsageError } from "../failure.mjs";
import { collectPages } from "../progress.mjs";
import { printFields, printJsonLines, printTable } from "../render/records.mjs";
import { jsonLine, terminalText } from "../render/text.mjs";
import { openSession } from "../session.mjs";
import { streamRun } from "./agent.mjs";
import { APPROVAL, NON_INTERACTIVE, OUTPUT, PLAN, USER_ID, permissionParams, userScope } from "./options.mjs";

const FIELD_OPTIONS = [
  { name: "name", value: "NAME", help: "the task's name" },
  { name: "instructions", value: "TEXT", help: "what the agent is to do" },
  { name: "expected-output", value: "TEXT", help: "what a good result looks like" },
  { name: "goals", value: "TEXT", help: "the task's goals" },
];

function fieldParams(options) {
  const params = {};
  if (options.name !== undefined) params.name = options.name;
  if (options.instructions !== undefined) params.instructions = options.instructions;
  if (options["expected-output"] !== undefined) params.expected_output = options["expected-output"];
  if (options.goals !== undefined) params.goals = options.goals;
  return params;
}

/** --agent-id is SDK 4.49's advertised spelling; its --mate-id still works, unlisted. */
const AGENT_ID = { name: "agent-id", value: "AGENT_ID", help: "the agent the task belongs to" };
const MATE_ID = { name: "mate-id", value: "AGENT_ID", hidden: true };

function agentId(options) {
  const text = options["agent-id"] ?? options["mate-id"];
  return text === undefined ? undefined : parseId("--agent-id", text);
}

function showTask(terminal, task, output) {
  if (output === "json") {
    terminal.out(jsonLine(task));
    return;
  }
  printFields(
    terminal,
    [
      ["id", task.id],
      ["name", task.name],
      ["status", task.status],
      ["agent", task.teammate_id],
      ["instructions", task.instructions],
      ["expected", task.expected_output],
      ["goals", task.goals],
      ["tools", (task.tools ?? []).join(", ")],
      ["user", task.user_id],
      ["created", task.created_at],
    ],
    { output, compact: ["id", "name", "status", "agent"] },
  );
}

export const create = {
  name: "create",
  aliases: ["c"],
  summary: "Create a task for an agent",
  usage: "m8tes task create --agent-id AGENT_ID --instructions TEXT [--name NAME] [--expected-output TEXT] [--goals TEXT] [--user-id ID] [--output MODE]",
  description: [
    "Creates a task from the flags and prints it. --agent-id and --instructions are required.",
    "(SDK 4.49 asks interactively without --non-interactive; this CLI always takes flags.)",
  ],
  options: [AGENT_ID, MATE_ID, ...FIELD_OPTIONS, USER_ID, NON_INTERACTIVE, OUTPUT],
  async run(ctx, { options }) {
    const teammate = agentId(options);
    if (teammate === undefined) throw new UsageError("--agent-id is required");
    if (!options.instructions?.trim()) throw new UsageError("--instructions is required");
    const { client } = await openSession(ctx);
    const task = await client.tasks.create({ teammate_id: teammate, ...fieldParams(options), ...userScope(options) });
    if (options.output === "json") ctx.terminal.out(jsonLine(task));
    else ctx.terminal.out(`created task ${task.id}${task.name ? ` ${terminalText(task.name)}` : ""} for agent ${task.teammate_id}\n`);
    return EXIT.OK;
  },
};

export const list = {
  name: "list",
  aliases: ["ls"],
  summary: "List your tasks",
  usage: "m8tes task list [--agent-id AGENT_ID] [--status STATUS] [--include-disabled] [--include-archived] [--user-id ID] [--output MODE]",
  description: [
    "Lists the tasks, every page of them: enabled ones unless --include-disabled or",
    "--include-archived widen it, or --status names the one status to show (as SDK 4.49).",
  ],
  options: [
    AGENT_ID,
    MATE_ID,
    { name: "status", value: "STATUS", help: "only tasks in this status (enabled, disabled, archived)" },
    { name: "include-disabled", help: "also list disabled tasks" },
    { name: "include-archived", help: "also list archived tasks" },
    USER_ID,
    OUTPUT,
  ],
  async run(ctx, { options }) {
    const teammate = agentId(options);
    const { client } = await openSession(ctx);
    const t = ctx.terminal;
    const params = {
      ...(teammate !== undefined ? { teammate_id: teammate } : {}),
      ...(options["include-archived"] || options.status === "archived" ? { include_archived: true } : {}),
      ...userScope(options),
    };
    const all = await collectPages(t, options, "tasks", client.tasks.list(params));
    const tasks = all.filter((task) => (options.status ? task.status === options.status : options["include-disabled"] || task.status !== "disabled"));
    if (options.output === "json") {
      printJsonLines(t, tasks);
      return EXIT.OK;
    }
    if (tasks.length === 0) {
      t.err("no tasks found: create one with `m8tes task create --agent-id AGENT_ID --instructions TEXT`\n");
      return EXIT.OK;
    }
    printTable(
      t,
      tasks,
      [
        { title: "ID", value: (task) => task.id, compact: true },
        { title: "NAME", value: (task) => task.name, compact: true },
        { title: "STATUS", value: (task) => task.status },
        { title: "AGENT", value: (task) => task.teammate_id },
        { title: "INSTRUCTIONS", value: (task) => clip(task.instructions, 60) },
      ],
      options,
    );
    return EXIT.OK;
  },
};

function clip(text, width) {
  const line = String(text ?? "").replace(/\s+/g, " ").trim();
  return line.length > width ? `${line.slice(0, width - 1)}…` : line;
}

export const get = {
  name: "get",
  aliases: ["g"],
  summary: "Show one task",
  usage: "m8tes task get TASK_ID [--output MODE]",
  description: ["Shows a task's name, status, agent, instructions, expected output and goals."],
  positionals: [{ name: "TASK_ID", kind: "id" }],
  options: [OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    showTask(ctx.terminal, await client.tasks.get(args.TASK_ID), options.output);
    return EXIT.OK;
  },
};

export const execute = {
  name: "execute",
  aliases: ["exec", "x"],
  summary: "Run a task now and stream it",
  usage: "m8tes task execute TASK_ID [--approval | --plan] [--user-id ID] [--output MODE]",
  description: [
    "Starts a run of the task and streams it as `agent task` does: text, tool calls, the",
    "files it made; a spinner while it works and nothing streams. Ctrl-C stops the run.",
    "Exits 1 when the run fails.",
  ],
  positionals: [{ name: "TASK_ID", kind: "id" }],
  options: [APPROVAL, PLAN, USER_ID, OUTPUT],
  async run(ctx, { args, options }) {
    const params = { ...permissionParams(options), ...userScope(options) };
    const { client } = await openSession(ctx);
    return streamRun(ctx, client, options, () => client.tasks.run(args.TASK_ID, params));
  },
};

export const update = {
  name: "update",
  aliases: ["u"],
  summary: "Change a task's name, instructions, expected output or goals",
  usage: "m8tes task update TASK_ID [--name NAME] [--instructions TEXT] [--expected-output TEXT] [--goals TEXT] [--output MODE]",
  description: ["Changes the fields given as flags (at least one) and prints the task as it now is."],
  positionals: [{ name: "TASK_ID", kind: "id" }],
  options: [...FIELD_OPTIONS, OUTPUT],
  async run(ctx, { args, options }) {
    const params = fieldParams(options);
    if (Object.keys(params).length === 0) throw new UsageError("nothing to change: give at least one of --name, --instructions, --expected-output, --goals");
    const { client } = await openSession(ctx);
    showTask(ctx.terminal, await client.tasks.update(args.TASK_ID, params), options.output);
    return EXIT.OK;
  },
};

/** `task enable` / `task disable`: SDK 4.49's PATCH with `status`. */
function statusCommand(verb, aliases, summary, status) {
  return {
    name: verb,
    aliases,
    summary,
    usage: `m8tes task ${verb} TASK_ID [--output MODE]`,
    description: [`${summary}: sets its status to ${status}.`],
    positionals: [{ name: "TASK_ID", kind: "id" }],
    options: [OUTPUT],
    async run(ctx, { args, options }) {
      const { client } = await openSession(ctx);
      const task = await client.tasks.update(args.TASK_ID, { status });
      if (options.output === "json") ctx.terminal.out(jsonLine(task));
      else ctx.terminal.out(`task ${task.id}${task.name ? ` ${terminalText(task.name)}` : ""}: ${terminalText(task.status)}\n`);
      return EXIT.OK;
    },
  };
}

export const enable = statusCommand("enable", ["e"], "Enable a disabled task", "enabled");
export const disable = statusCommand("disable", ["dis"], "Disable a task (its schedules stop)", "disabled");

export const archive = {
  name: "archive",
  aliases: ["arc", "a"],
  summary: "Archive a task (hidden from listings, runs kept)",
  usage: "m8tes task archive TASK_ID [--output MODE]",
  description: ["Archives the task: it leaves the listings and its triggers stop; its runs stay."],
  positionals: [{ name: "TASK_ID", kind: "id" }],
  options: [OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    await client.tasks.delete(args.TASK_ID);
    if (options.output === "json") ctx.terminal.out(jsonLine({ id: args.TASK_ID, archived: true }));
    else ctx.terminal.out(`archived task ${args.TASK_ID}\n`);
    return EXIT.OK;
  },
};
