// The CLI's entry: finds the command named by the arguments in the command table, runs it, and
// turns whatever happened into an exit code and at most one line on stderr.
import { readFile } from "node:fs/promises";
import { parseArgs } from "./args.mjs";
import { TABLE, findEntry } from "./command-table.mjs";
import { EXIT, UsageError, describeFailure } from "./failure.mjs";
import { commandHelp, groupHelp, topHelp } from "./help.mjs";
import { loadPackage } from "./session.mjs";
import { terminalText } from "./render/text.mjs";

/** Runs the CLI for `argv` (without `node` and the script) and resolves to the exit code. */
export async function main(argv, { terminal, env, cwd }) {
  const ctx = {
    terminal,
    env,
    cwd,
    table: TABLE,
    pkg: undefined,
    async loadPackage() {
      ctx.pkg ??= await loadPackage();
      return ctx.pkg;
    },
  };
  try {
    return await dispatch(takeGlobalFlags(argv, ctx), ctx);
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

/**
 * The options SDK 4.49 takes before the command (`m8tes --api-key KEY agent list`): the key and
 * base URL for this call, `--dev` for a local server; they win over the environment and the
 * stored login. `--no-color` is taken anywhere before `--`.
 */
function takeGlobalFlags(argv, ctx) {
  const rest = [...argv];
  const overrides = {};
  while (rest.length && rest[0].startsWith("--") && rest[0] !== "--") {
    const eq = rest[0].indexOf("=");
    const flag = eq === -1 ? rest[0] : rest[0].slice(0, eq);
    const inline = eq === -1 ? undefined : rest[0].slice(eq + 1);
    if (flag === "--no-color" || flag === "--dev") {
      if (inline !== undefined) throw new UsageError(`${flag} takes no value`);
      if (flag === "--dev") overrides.M8TES_BASE_URL = `http://127.0.0.1:${ctx.env.M8TES_PORT || "8000"}/api/v2`;
      else ctx.terminal.color = false;
      rest.shift();
      continue;
    }
    if (flag !== "--api-key" && flag !== "--base-url") break;
    rest.shift();
    const value = inline ?? rest.shift();
    if (!value) throw new UsageError(`${flag} needs a value`);
    if (flag === "--api-key") {
      ctx.terminal.addSecret(value);
      overrides.M8TES_API_KEY = value;
    } else {
      overrides.M8TES_BASE_URL = value;
    }
  }
  if (Object.keys(overrides).length) ctx.env = { ...ctx.env, ...overrides };
  const end = rest.indexOf("--") === -1 ? rest.length : rest.indexOf("--");
  const kept = rest.filter((arg, i) => i >= end || arg !== "--no-color");
  if (kept.length !== rest.length) ctx.terminal.color = false;
  return kept;
}

async function dispatch(argv, ctx) {
  const entry = argv[0] && !argv[0].startsWith("-") ? findEntry(TABLE, argv[0]) : undefined;
  if (!entry) return topLevel(argv, ctx);
  if (!entry.commands) return runCommand(entry, argv.slice(1), ctx);
  const command = argv[1] && !argv[1].startsWith("-") ? findEntry(entry.commands, argv[1]) : undefined;
  if (command) return runCommand(command, argv.slice(2), ctx);

  // A group without a (known) command: `m8tes agent`, `m8tes agent --help`, or a mistake.
  const rest = argv.slice(1);
  if (rest[0] && !rest[0].startsWith("-")) throw new UsageError(`unknown command "${argv[0]} ${rest[0]}"`);
  if (rest.includes("--help") || rest.includes("-h")) {
    ctx.terminal.out(groupHelp(entry));
    return EXIT.OK;
  }
  if (rest.length) throw new UsageError(`unknown option ${rest[0]}`);
  // A group alone is a question without a command: the help, as a usage error.
  ctx.terminal.err(groupHelp(entry));
  return EXIT.USAGE;
}

async function runCommand(command, argv, ctx) {
  const asksHelp = argv.includes("--help") || argv.includes("-h");
  // A command this API cannot serve says so, whatever its arguments; its help still shows.
  if (command.unavailable && !asksHelp) return command.run(ctx, {});
  const parsed = parseArgs(command, argv);
  if (parsed.help) {
    ctx.terminal.out(commandHelp(command));
    return EXIT.OK;
  }
  return command.run(ctx, parsed);
}

async function topLevel(argv, ctx) {
  if (argv[0] === "--version" || argv[0] === "-V") {
    ctx.terminal.out(`${await version()}\n`);
    return EXIT.OK;
  }
  if (argv[0] && !argv[0].startsWith("-")) throw new UsageError(`unknown command "${argv[0]}"`);
  if (argv.includes("--help") || argv.includes("-h")) {
    ctx.terminal.out(topHelp(TABLE));
    return EXIT.OK;
  }
  if (argv.length) throw new UsageError(`unknown option ${argv[0]}`);
  ctx.terminal.err(topHelp(TABLE));
  return EXIT.USAGE;
}

async function version() {
  const pkg = JSON.parse(await readFile(new URL("../package.json", import.meta.url), "utf8"));
  return `m8tes ${pkg.version}`;
}
