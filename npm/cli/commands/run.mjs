// `m8tes run show | files | download`: a run after the fact, and the files it made.
import { open } from "node:fs/promises";
import { basename, resolve } from "node:path";
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
