// The CLI's entry: finds the command named by the arguments, runs it, and turns whatever
// happened into an exit code and at most one line on stderr.
import { readFile } from "node:fs/promises";
import { parseArgs } from "./args.mjs";
import * as auth from "./commands/auth.mjs";
import { chat } from "./commands/chat.mjs";
import * as mate from "./commands/mate.mjs";
import * as run from "./commands/run.mjs";
import { EXIT, UsageError, describeFailure } from "./failure.mjs";
import { commandHelp, groupHelp } from "./help.mjs";
import { loadPackage } from "./session.mjs";
import { terminalText } from "./render/text.mjs";

export const COMMANDS = [
  auth.login,
  auth.logout,
  auth.status,
  mate.list,
  mate.show,
  mate.task,
  chat,
  run.show,
  run.files,
  run.download,
];

/** Runs the CLI for `argv` (without `node` and the script) and resolves to the exit code. */
export async function main(argv, { terminal, env, cwd }) {
  const ctx = {
    terminal,
    env,
    cwd,
    pkg: undefined,
    async loadPackage() {
      ctx.pkg ??= await loadPackage();
      return ctx.pkg;
    },
  };
  try {
    return await dispatch(argv, ctx);
  } catch (error) {
    const { message, exitCode } = describeFailure(error, ctx.pkg);
    terminal.endLine();
    const hint = error instanceof UsageError ? " (see `m8tes --help`)" : "";
    terminal.err(`m8tes: ${terminalText(message)}${hint}\n`);
    return exitCode;
  } finally {
    terminal.close();
  }
}

async function dispatch(argv, ctx) {
  const words = [];
  while (words.length < 2 && argv[words.length] && !argv[words.length].startsWith("-")) words.push(argv[words.length]);
  const command = COMMANDS.find((c) => c.path.length === words.length && c.path.every((w, i) => w === words[i]));
  if (command) {
    const parsed = parseArgs(command, argv.slice(command.path.length));
    if (parsed.help) {
      ctx.terminal.out(commandHelp(command));
      return EXIT.OK;
    }
    return command.run(ctx, parsed);
  }

  // Not a whole command: a group (`m8tes mate`), the top level, or a mistake.
  const rest = argv.slice(words.length);
  const group = words.length === 2 ? words.slice(0, 1) : words;
  const isGroup = group.length === 0 || COMMANDS.some((c) => c.path[0] === group[0]);
  if (words.length === 0 && (rest[0] === "--version" || rest[0] === "-V")) {
    ctx.terminal.out(`${await version()}\n`);
    return EXIT.OK;
  }
  if (isGroup && words.length === group.length && (rest.includes("--help") || rest.includes("-h"))) {
    ctx.terminal.out(groupHelp(group, COMMANDS));
    return EXIT.OK;
  }
  if (isGroup && words.length === group.length && rest.length === 0) {
    ctx.terminal.err(groupHelp(group, COMMANDS));
    return EXIT.USAGE;
  }
  if (!isGroup) throw new UsageError(`unknown command "${words[0]}"`);
  if (words.length > group.length) throw new UsageError(`unknown command "${words.join(" ")}"`);
  throw new UsageError(`unknown option ${rest[0]}`);
}

async function version() {
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
  return `m8tes ${pkg.version}`;
}
