// `m8tes run …` (also `r`): runs after the fact — one, a list, its transcript, usage, tool
// calls, files and their download — and acting on one: its permission mode, a retry.
import { open } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { parseId } from "../args.mjs";
import { CliError, EXIT, UsageError } from "../failure.mjs";
import { collectPages, startDownloadBar } from "../progress.mjs";
import { listFiles } from "../render/files.mjs";
import { printFields, printJsonLines, printTable } from "../render/records.mjs";
import { downloadCommand, humanSize, jsonLine, preview, terminalText } from "../render/text.mjs";
import { openSession } from "../session.mjs";
import { OUTPUT, USER_ID, userScope } from "./options.mjs";

export const get = {
  name: "get",
  aliases: ["g", "show"],
  summary: "Show a run's status and output",
  usage: "m8tes run get RUN_ID [--output MODE]",
  description: ["Shows a run's status, its agent, its output (or error), its usage and its files."],
  positionals: [{ name: "RUN_ID", kind: "id" }],
  options: [OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    const run = await client.runs.get(args.RUN_ID);
    const t = ctx.terminal;
    if (options.output === "json") {
      t.out(jsonLine(run));
      return EXIT.OK;
    }
    t.out(`run ${run.id} ${terminalText(run.status)}${run.teammate_id != null ? ` (agent ${run.teammate_id})` : ""}\n`);
    if (run.error) t.out(`error: ${preview(run.error, 400)}\n`);
    if (run.output && options.output === "verbose") t.out(`${terminalText(run.output)}\n`);
    if (run.usage?.total_tokens != null && options.output === "verbose") t.out(`usage: ${usageText(run.usage.total_tokens, run.usage.cost_usd)}\n`);
    listFiles(t, run.id, await client.runs.listFiles(run.id));
    return EXIT.OK;
  },
};

export const files = {
  name: "files",
  summary: "List the files a run made",
  usage: "m8tes run files RUN_ID [--output MODE]",
  description: ["Lists a run's files with their sizes and the command that downloads each."],
  positionals: [{ name: "RUN_ID", kind: "id" }],
  options: [OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    const list = await client.runs.listFiles(args.RUN_ID);
    const t = ctx.terminal;
    if (options.output === "json") {
      for (const f of list) t.out(jsonLine({ ...f, download: downloadCommand(args.RUN_ID, f.name) }));
    } else if (list.length === 0) {
      t.err(`run ${args.RUN_ID} has no files\n`);
    } else {
      listFiles(t, args.RUN_ID, list);
    }
    return EXIT.OK;
  },
};

export const download = {
  name: "download",
  summary: "Download a file a run made",
  usage: "m8tes run download RUN_ID FILE [--out PATH] [--force] [--output MODE]",
  description: [
    "Saves the run's file FILE to PATH (default: FILE in the current folder; - writes it to",
    "stdout). An existing file is kept unless --force is given. On a terminal a bar on stderr",
    "shows the bytes as they arrive.",
  ],
  positionals: [{ name: "RUN_ID", kind: "id" }, { name: "FILE" }],
  options: [
    { name: "out", value: "PATH", help: "where to save it (- for stdout)" },
    { name: "force", help: "replace PATH if it exists" },
    OUTPUT,
  ],
  async run(ctx, { args, options }) {
    const target = options.out ?? defaultTarget(args.FILE);
    const bar = startDownloadBar(ctx.terminal, options, terminalText(basename(args.FILE)));
    const { client } = await openSession(ctx, { fetch: countingFetch((received, total) => bar.update(received, total)) });
    let bytes;
    try {
      bytes = await client.runs.downloadFile(args.RUN_ID, args.FILE);
      bar.update(bytes.length, bytes.length);
    } finally {
      bar.stop();
    }
    if (target === "-") {
      ctx.terminal.outBytes(bytes);
      return EXIT.OK;
    }
    const path = resolve(ctx.cwd, target);
    let handle;
    try {
      handle = await open(path, options.force ? "w" : "wx");
    } catch (error) {
      if (error.code === "EEXIST") throw new UsageError(`${path} exists: pass --force to replace it, or --out PATH`);
      throw new CliError(`cannot write ${path}: ${error.code ?? error.message}`, EXIT.RUN_FAILED);
    }
    try {
      await handle.writeFile(bytes);
    } finally {
      await handle.close();
    }
    if (options.output === "json") ctx.terminal.out(jsonLine({ run_id: args.RUN_ID, name: args.FILE, size: bytes.length, path }));
    else ctx.terminal.out(`saved ${terminalText(args.FILE)} (${humanSize(bytes.length)}) to ${terminalText(path)}\n`);
    return EXIT.OK;
  },
};

/**
 * A `fetch` for the client that reports the bytes of each successful answer's body as they
 * are read (the package's public `fetch` option), with the total when Content-Length says it.
 */
function countingFetch(onProgress) {
  return async (input, init) => {
    const response = await fetch(input, init);
    if (!response.ok || !response.body) return response;
    const total = Number(response.headers.get("content-length")) || undefined;
    let received = 0;
    const counted = response.body.pipeThrough(
      new TransformStream({
        transform(chunk, controller) {
          received += chunk.byteLength;
          onProgress(received, total);
          controller.enqueue(chunk);
        },
      }),
    );
    return new Response(counted, { status: response.status, statusText: response.statusText, headers: response.headers });
  };
}

/** The server names the file; only its last part may choose where it lands here. */
function defaultTarget(name) {
  const base = basename(name.replace(/\\/g, "/"));
  if (!base || base === "." || base === "..") throw new UsageError(`"${name}" is not a file name: pass --out PATH`);
  return base;
}

export const outcome = {
  name: "outcome",
  summary: "Show a run's result: summary, structured output, cost",
  usage: "m8tes run outcome RUN_ID [--output MODE]",
  description: [
    "Shows what a run came to without its transcript: its status, closing summary, the",
    "structured output of a run created with an output schema, and its tokens and cost.",
  ],
  positionals: [{ name: "RUN_ID", kind: "id" }],
  options: [OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    const result = await client.runs.outcome(args.RUN_ID);
    const t = ctx.terminal;
    if (options.output === "json") {
      t.out(jsonLine(result));
      return EXIT.OK;
    }
    t.out(`run ${result.run_id} ${terminalText(result.status)}${result.needs_reply ? " (needs your reply)" : ""}\n`);
    if (result.summary) t.out(`${options.output === "verbose" ? terminalText(result.summary) : preview(result.summary, 200)}\n`);
    if (result.output_data) t.out(`output: ${terminalText(JSON.stringify(result.output_data))}\n`);
    if (options.output === "verbose") {
      const cost = result.cost_usd != null ? `, $${terminalText(result.cost_usd)}` : "";
      t.out(`${result.message_count} messages, ${result.total_tokens} tokens${cost}\n`);
    }
    return EXIT.OK;
  },
};

export const conversation = {
  name: "conversation",
  aliases: ["conv", "messages"],
  summary: "Show a run's transcript",
  usage: "m8tes run conversation RUN_ID [--after SEQ | --before SEQ | --tail] [--limit N] [--output MODE]",
  description: [
    "Prints a run's messages in order, each with its sequence number. --after SEQ shows only",
    "newer ones, --before SEQ older ones, --tail the newest page; --limit caps the page.",
  ],
  positionals: [{ name: "RUN_ID", kind: "id" }],
  options: [
    { name: "after", value: "SEQ", help: "only messages after this sequence number" },
    { name: "before", value: "SEQ", help: "only messages before this sequence number" },
    { name: "tail", help: "the newest page, oldest of it first" },
    { name: "limit", value: "N", help: "at most N messages (default 500)" },
    OUTPUT,
  ],
  async run(ctx, { args, options }) {
    const chosen = [options.after !== undefined && "--after", options.before !== undefined && "--before", options.tail && "--tail"].filter(Boolean);
    if (chosen.length > 1) throw new UsageError(`${chosen.join(" and ")} cannot be combined`);
    const params = {};
    if (options.after !== undefined) params.after_sequence = sequence("--after", options.after);
    if (options.before !== undefined) params.before_sequence = sequence("--before", options.before);
    if (options.tail) params.tail = true;
    if (options.limit !== undefined) params.limit = parseId("--limit", options.limit);
    const { client } = await openSession(ctx);
    const list = await client.runs.messages(args.RUN_ID, params);
    const t = ctx.terminal;
    if (options.output === "json") {
      for (const message of list) t.out(jsonLine(message));
      return EXIT.OK;
    }
    if (list.length === 0) t.err(`run ${args.RUN_ID} has no messages${chosen.length ? " there" : ""}\n`);
    for (const message of list) {
      const text = options.output === "verbose" ? terminalText(message.content) : preview(message.content, 120);
      t.out(`#${message.sequence} ${terminalText(message.role)}: ${text}\n`);
    }
    return EXIT.OK;
  },
};

export const retry = {
  name: "retry",
  aliases: ["rerun"],
  summary: "Retry a failed or cancelled run",
  usage: "m8tes run retry RUN_ID [--confirm] [--output MODE]",
  description: [
    "Starts a new run that does the failed or cancelled run's work again, and prints its id",
    "(the original stays as it was). A run that already acted (sent a message, changed data)",
    "may repeat those actions, so the server asks for --confirm first.",
  ],
  positionals: [{ name: "RUN_ID", kind: "id" }],
  options: [{ name: "confirm", help: "retry even if the run already acted" }, OUTPUT],
  async run(ctx, { args, options }) {
    const { client, pkg } = await openSession(ctx);
    let run;
    try {
      run = await client.runs.retry(args.RUN_ID, options.confirm ? { confirm: true } : {});
    } catch (error) {
      if (error instanceof pkg.ConflictError && (error.code ?? error.errorCode) === "retry_needs_confirmation") {
        throw new CliError(`run ${args.RUN_ID} already acted, so retrying may repeat that: pass --confirm to retry anyway`, EXIT.SERVER);
      }
      throw error;
    }
    if (options.output === "json") {
      ctx.terminal.out(jsonLine(run));
      return EXIT.OK;
    }
    ctx.terminal.out(`run ${run.id} ${terminalText(run.status)} (retry of run ${args.RUN_ID})\n`);
    if (options.output === "verbose") ctx.terminal.out(`follow it: m8tes run get ${run.id}\n`);
    return EXIT.OK;
  },
};

/** A message sequence number: 0 or more. */
function sequence(flag, text) {
  if (!/^[0-9]{1,15}$/.test(text)) throw new UsageError(`${flag} must be a whole number, got "${text}"`);
  return Number(text);
}

/** "1234 tokens, $0.0123": a run's usage on one line. */
function usageText(tokens, cost) {
  const dollars = cost != null && Number.isFinite(Number(cost)) ? `, $${Number(cost).toFixed(4)}` : "";
  return `${tokens} tokens${dollars}`;
}

/** The columns of `run list` and `run list-agent`. */
const RUN_COLUMNS = [
  { title: "ID", value: (r) => r.id, compact: true },
  { title: "STATUS", value: (r) => r.status, compact: true },
  { title: "AGENT", value: (r) => r.teammate_id },
  { title: "TASK", value: (r) => r.task_id },
  { title: "CREATED", value: (r) => r.created_at },
];

const LIMIT = { name: "limit", value: "N", default: "10", help: "at most N runs, newest first (default 10; pages are walked as needed)" };
const STATUS = {
  name: "status",
  value: "STATUS",
  choices: ["running", "paused", "awaiting_approval", "completed", "failed", "cancelled", "closed"],
  help: "only runs in this status",
};

async function listRuns(ctx, options, filter) {
  const limit = parseId("--limit", options.limit);
  const { client } = await openSession(ctx);
  const params = { ...filter, ...userScope(options), ...(options.status ? { status: options.status } : {}) };
  const runs = await collectPages(ctx.terminal, options, "runs", client.runs.list(params), { limit });
  const t = ctx.terminal;
  if (options.output === "json") printJsonLines(t, runs);
  else if (runs.length === 0) t.err("no runs found\n");
  else printTable(t, runs, RUN_COLUMNS, options);
  return EXIT.OK;
}

export const list = {
  name: "list",
  aliases: ["ls"],
  summary: "List your runs, newest first",
  usage: "m8tes run list [--limit N] [--status STATUS] [--user-id ID] [--output MODE]",
  description: ["Lists the account's runs (or one end user's, with --user-id), newest first."],
  options: [LIMIT, STATUS, USER_ID, OUTPUT],
  run: (ctx, { options }) => listRuns(ctx, options, {}),
};

export const listAgent = {
  name: "list-agent",
  aliases: ["la", "list-mate", "lm"],
  summary: "List one agent's runs, newest first",
  usage: "m8tes run list-agent AGENT_ID [--limit N] [--status STATUS] [--user-id ID] [--output MODE]",
  description: ["Lists the runs of agent AGENT_ID, newest first."],
  positionals: [{ name: "AGENT_ID", kind: "id" }],
  options: [LIMIT, STATUS, USER_ID, OUTPUT],
  run: (ctx, { args, options }) => listRuns(ctx, options, { teammate_id: args.AGENT_ID }),
};

export const usage = {
  name: "usage",
  aliases: ["cost"],
  summary: "Show a run's tokens and cost",
  usage: "m8tes run usage RUN_ID [--output MODE]",
  description: ["Shows what a run consumed: its messages, input, output and total tokens, and its cost."],
  positionals: [{ name: "RUN_ID", kind: "id" }],
  options: [OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    const o = await client.runs.outcome(args.RUN_ID);
    const t = ctx.terminal;
    const figures = {
      run_id: o.run_id,
      message_count: o.message_count,
      input_tokens: o.input_tokens,
      output_tokens: o.output_tokens,
      total_tokens: o.total_tokens,
      cost_usd: o.cost_usd,
    };
    if (options.output === "json") {
      t.out(jsonLine(figures));
      return EXIT.OK;
    }
    printFields(
      t,
      [
        ["run", o.run_id],
        ["messages", o.message_count],
        ["input tokens", o.input_tokens],
        ["output tokens", o.output_tokens],
        ["total tokens", o.total_tokens],
        ["cost", o.cost_usd == null ? "not recorded yet" : `$${Number(o.cost_usd).toFixed(4)}`],
      ],
      { output: options.output, compact: ["total tokens", "cost"] },
    );
    return EXIT.OK;
  },
};

export const tools = {
  name: "tools",
  aliases: ["executions"],
  summary: "Show the tool calls a run made",
  usage: "m8tes run tools RUN_ID [--verbose] [--output MODE]",
  description: [
    "Lists a run's tool calls in order: the tool, and with --verbose its arguments. As in",
    "SDK 4.49 they are read from the tool_use blocks of the run's messages (content_blocks);",
    "the API records no per-call duration or success.",
  ],
  positionals: [{ name: "RUN_ID", kind: "id" }],
  options: [{ name: "verbose", short: "v", help: "also show each call's arguments" }, OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    const calls = (await client.runs.messages(args.RUN_ID))
      .flatMap((message) => message.content_blocks ?? [])
      .filter((block) => block?.type === "tool_use");
    const t = ctx.terminal;
    if (options.output === "json") {
      printJsonLines(t, calls);
      return EXIT.OK;
    }
    if (calls.length === 0) {
      t.err(`run ${args.RUN_ID}'s messages record no tool calls\n`);
      return EXIT.OK;
    }
    calls.forEach((call, index) => {
      t.out(`${index + 1}. ${terminalText(call.name ?? "tool")}\n`);
      if (options.verbose && call.input != null) t.out(`   arguments: ${preview(call.input, 200)}\n`);
    });
    return EXIT.OK;
  },
};

export const setPermissionMode = {
  name: "set-permission-mode",
  aliases: ["mode"],
  summary: "Switch a live run between autonomous, approval and plan",
  usage: "m8tes run set-permission-mode RUN_ID MODE [--output MODE]",
  description: [
    "Changes how a run still going asks before acting. Switching to autonomous approves the",
    "tool approvals it waits on; questions still need answers.",
  ],
  positionals: [{ name: "RUN_ID", kind: "id" }, { name: "MODE", choices: ["autonomous", "approval", "plan"] }],
  options: [OUTPUT],
  async run(ctx, { args, options }) {
    const { client } = await openSession(ctx);
    const result = await client.runs.updatePermissionMode(args.RUN_ID, args.MODE);
    if (options.output === "json") ctx.terminal.out(jsonLine({ run_id: args.RUN_ID, ...result }));
    else ctx.terminal.out(`run ${args.RUN_ID}: permission mode ${terminalText(result.permission_mode)}\n`);
    return EXIT.OK;
  },
};
