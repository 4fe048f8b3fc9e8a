// `m8tes run show | outcome | messages | files | download | retry`: a run after the fact, what
// it said and made, and trying a failed one again.
import { open } from "node:fs/promises";
import { basename, resolve } from "node:path";
import { parseId } from "../args.mjs";
import { CliError, EXIT, UsageError } from "../failure.mjs";
import { listFiles } from "../render/files.mjs";
import { downloadCommand, humanSize, jsonLine, preview, terminalText } from "../render/text.mjs";
import { openSession } from "../session.mjs";
import { OUTPUT } from "./options.mjs";

export const show = {
  path: ["run", "show"],
  summary: "Show a run's status and output",
  usage: "m8tes run show RUN_ID [--output MODE]",
  description: ["Shows a run's status, its teammate, its output (or error) and its files."],
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
    t.out(`run ${run.id} ${terminalText(run.status)}${run.teammate_id != null ? ` (teammate ${run.teammate_id})` : ""}\n`);
    if (run.error) t.out(`error: ${preview(run.error, 400)}\n`);
    if (run.output && options.output === "verbose") t.out(`${terminalText(run.output)}\n`);
    listFiles(t, run.id, await client.runs.listFiles(run.id));
    return EXIT.OK;
  },
};

export const files = {
  path: ["run", "files"],
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
  path: ["run", "download"],
  summary: "Download a file a run made",
  usage: "m8tes run download RUN_ID FILE [--out PATH] [--force]",
  description: [
    "Saves the run's file FILE to PATH (default: FILE in the current folder; - writes it to",
    "stdout). An existing file is kept unless --force is given.",
  ],
  positionals: [{ name: "RUN_ID", kind: "id" }, { name: "FILE" }],
  options: [
    { name: "out", value: "PATH", help: "where to save it (- for stdout)" },
    { name: "force", help: "replace PATH if it exists" },
  ],
  async run(ctx, { args, options }) {
    const target = options.out ?? defaultTarget(args.FILE);
    const { client } = await openSession(ctx);
    const bytes = await client.runs.downloadFile(args.RUN_ID, args.FILE);
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
    ctx.terminal.out(`saved ${terminalText(args.FILE)} (${humanSize(bytes.length)}) to ${terminalText(path)}\n`);
    return EXIT.OK;
  },
};

/** The server names the file; only its last part may choose where it lands here. */
function defaultTarget(name) {
  const base = basename(name.replace(/\\/g, "/"));
  if (!base || base === "." || base === "..") throw new UsageError(`"${name}" is not a file name: pass --out PATH`);
  return base;
}

export const outcome = {
  path: ["run", "outcome"],
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

export const messages = {
  path: ["run", "messages"],
  summary: "Show a run's transcript",
  usage: "m8tes run messages RUN_ID [--after SEQ | --before SEQ | --tail] [--limit N] [--output MODE]",
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
  path: ["run", "retry"],
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
    if (options.output === "verbose") ctx.terminal.out(`follow it: m8tes run show ${run.id}\n`);
    return EXIT.OK;
  },
};

/** A message sequence number: 0 or more. */
function sequence(flag, text) {
  if (!/^[0-9]{1,15}$/.test(text)) throw new UsageError(`${flag} must be a whole number, got "${text}"`);
  return Number(text);
}
