// `m8tes mate list | show ID | task ID MESSAGE | disable ID | enable ID`: the teammates, one
// run on one of them, and pausing one.
import { EXIT, UsageError } from "../failure.mjs";
import { createRenderer } from "../render/index.mjs";
import { jsonLine, terminalText } from "../render/text.mjs";
import { followRun } from "../run-follow.mjs";
import { openSession } from "../session.mjs";
import { APPROVAL, OUTPUT, PLAN, permissionParams } from "./options.mjs";

export const list = {
  path: ["mate", "list"],
  summary: "List your teammates",
  usage: "m8tes mate list [--output MODE]",
  description: ["Lists every teammate of the account (all pages), archived ones excluded."],
  options: [OUTPUT],
  async run(ctx, { options }) {
    const { client } = await openSession(ctx);
    const t = ctx.terminal;
    const mates = [];
    for await (const mate of client.teammates.list()) mates.push(mate);
    if (options.output === "json") {
      for (const mate of mates) t.out(jsonLine(mate));
      return EXIT.OK;
    }
    if (mates.length === 0) {
      t.err("no teammates yet\n");
      return EXIT.OK;
    }
    const idWidth = Math.max(2, ...mates.map((m) => String(m.id).length));
    const nameWidth = Math.max(4, ...mates.map((m) => terminalText(m.name).length));
    if (options.output === "verbose") t.out(`${"ID".padEnd(idWidth)}  ${"NAME".padEnd(nameWidth)}  TOOLS\n`);
    for (const mate of mates) {
      const tools = options.output === "verbose" ? `  ${terminalText((mate.tools ?? []).join(", ") || "-")}` : "";
      t.out(`${String(mate.id).padEnd(idWidth)}  ${terminalText(mate.name).padEnd(nameWidth)}${tools}\n`.replace(/ +\n$/, "\n"));
    }
    return EXIT.OK;
  },
};

export const show = {
  path: ["mate", "show"],
  summary: "Show one teammate",
  usage: "m8tes mate show ID [--output MODE]",
  description: ["Shows a teammate's name, role, instructions, tools and inbound addresses."],
  positionals: [{ name: "ID", kind: "id" }],
  options: [OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    const mate = await client.teammates.get(args.ID);
    const t = ctx.terminal;
    if (options.output === "json") {
      t.out(jsonLine(mate));
      return EXIT.OK;
    }
    const rows = [
      ["id", mate.id],
      ["name", mate.name],
      ["status", mate.status],
      ["role", mate.role],
      ["goals", mate.goals],
      ["tools", (mate.tools ?? []).join(", ")],
      ["instructions", mate.instructions],
      ["email", mate.inbound_email_enabled ? mate.email_address : null],
      ["user", mate.user_id],
      ["created", mate.created_at],
    ];
    const compact = new Set(["id", "name", "status", "tools"]);
    const shown = options.output === "compact" ? rows.filter(([label]) => compact.has(label)) : rows;
    for (const [label, value] of shown) {
      if (value === null || value === undefined || value === "") continue;
      t.out(`${`${label}:`.padEnd(14)}${terminalText(value)}\n`);
    }
    return EXIT.OK;
  },
};

export const task = {
  path: ["mate", "task"],
  summary: "Run a message on a teammate and stream it",
  usage: 'm8tes mate task ID "MESSAGE" [--approval | --plan] [--output MODE]',
  description: [
    "Starts a run of MESSAGE on teammate ID and streams it: text as it arrives, each tool call",
    "and result on one line, then the files the run made with the command that downloads them.",
    "Runs are autonomous unless --approval is given (the run pauses before each tool and asks",
    "you y/n) or --plan (it shows its plan and asks before carrying it out). Ctrl-C stops the",
    "run. Exits 1 when the run fails.",
  ],
  positionals: [{ name: "ID", kind: "id" }, { name: "MESSAGE" }],
  options: [APPROVAL, PLAN, OUTPUT],
  async run(ctx, { args, options }) {
    if (!args.MESSAGE.trim()) throw new UsageError("MESSAGE is empty");
    const permission = permissionParams(options);
    const { client } = await openSession(ctx);
    const renderer = createRenderer(options.output, ctx.terminal);
    const outcome = await followRun({
      client,
      terminal: ctx.terminal,
      renderer,
      open: () => client.runs.create({ message: args.MESSAGE, teammate_id: args.ID, ...permission }),
    });
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
  },
};

/** Ctrl-C means "stop": the stream is gone, so the run should not go on unseen. */
export async function cancelQuietly(client, runId) {
  if (runId == null) return;
  try {
    await client.runs.cancel(runId);
  } catch {
    // Already over (409) or unreachable: either way nothing more to stop.
  }
}

/** `mate disable` and `mate enable`: the same command, one verb apart. */
function pauseCommand(verb, summary, description) {
  return {
    path: ["mate", verb],
    summary,
    usage: `m8tes mate ${verb} ID [--output MODE]`,
    description,
    positionals: [{ name: "ID", kind: "id" }],
    options: [OUTPUT],
    async run(ctx, { args, options }) {
      const { client } = await openSession(ctx);
      const mate = await client.teammates[verb](args.ID);
      if (options.output === "json") ctx.terminal.out(jsonLine(mate));
      else ctx.terminal.out(`teammate ${mate.id} ${terminalText(mate.name)}: ${terminalText(mate.status)}\n`);
      return EXIT.OK;
    },
  };
}

export const disable = pauseCommand("disable", "Pause a teammate", [
  "Pauses teammate ID without archiving it: its schedules stop firing until it is enabled",
  "again, and it stays listed.",
]);

export const enable = pauseCommand("enable", "Resume a paused teammate", [
  "Resumes teammate ID and re-arms the schedules the pause stopped.",
]);
