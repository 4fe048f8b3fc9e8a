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
  mate.disable,
  mate.enable,
  run.show,
  run.outcome,
  run.messages,
  run.files,
  run.download,
  run.retry,
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
  const command = COMMANDS.find((c) => c.path.every((word, i) => argv[i] === word));
  if (command) {
    const parsed = parseArgs(command, argv.slice(command.path.length));
    if (parsed.help) {
      ctx.terminal.out(commandHelp(command));
      return EXIT.OK;
    }
    return command.run(ctx, parsed);
  }
  if (argv[0] === "--version" || argv[0] === "-V") {
    ctx.terminal.out(`${await version()}\n`);
    return EXIT.OK;
  }
  // Not a whole command: the top level (`m8tes`), a group (`m8tes mate`), or a mistake.
  const group = argv[0] && !argv[0].startsWith("-") ? [argv[0]] : [];
  if (group.length && !COMMANDS.some((c) => c.path[0] === group[0])) {
    throw new UsageError(`unknown command "${group[0]}"`);
  }
  const rest = argv.slice(group.length);
  if (rest[0] && !rest[0].startsWith("-")) throw new UsageError(`unknown command "${[...group, rest[0]].join(" ")}"`);
  if (rest.includes("--help") || rest.includes("-h")) {
    ctx.terminal.out(groupHelp(group, COMMANDS));
    return EXIT.OK;
  }
  if (rest.length) throw new UsageError(`unknown option ${rest[0]}`);
  // A group alone is a question without a command: the help, as a usage error.
  ctx.terminal.err(groupHelp(group, COMMANDS));
  return EXIT.USAGE;
}

async function version() {
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
  return `m8tes ${pkg.version}`;
}
