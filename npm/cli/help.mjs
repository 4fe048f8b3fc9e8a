// `--help` texts, written from the command table so they cannot drift from what is parsed.

const HELP_OPTION = { name: "help", short: "h", help: "show this help" };

const also = (entry) => (entry.aliases?.length ? ` (also: ${entry.aliases.join(", ")})` : "");

export function commandHelp(command) {
  const usage = command.unavailable ? `m8tes ${command.path.join(" ")} (not available ${command.unavailable})` : command.usage;
  const lines = [`usage: ${usage}`, "", `${command.summary}.`];
  if (command.aliases?.length) lines.push(`Also called: ${command.aliases.map((a) => [...command.path.slice(0, -1), a].join(" ")).join(", ")}.`);
  lines.push("", ...(command.description ?? []));
  const options = [...(command.options ?? []).filter((o) => !o.hidden), HELP_OPTION];
  lines.push("", "options:");
  const labels = options.map((o) => `${o.short ? `-${o.short}, ` : "    "}--${o.name}${o.value ? ` ${o.value}` : ""}`);
  const width = Math.max(...labels.map((l) => l.length));
  options.forEach((o, i) => lines.push(`  ${labels[i].padEnd(width)}  ${o.help ?? ""}`));
  lines.push("  --no-color".padEnd(width + 4) + "no colour in progress lines (also: NO_COLOR=1)");
  return `${lines.join("\n")}\n`;
}

/** The help of one group (`m8tes agent --help`): its commands, one line each, with aliases. */
export function groupHelp(group) {
  const rows = group.commands.map((c) => [`${group.name} ${c.name}`, `${c.summary}${also(c)}`]);
  return [
    `usage: m8tes ${group.name} COMMAND [options]`,
    "",
    `${group.summary}.${group.aliases?.length ? ` Also called: ${group.aliases.join(", ")}.` : ""}`,
    "",
    "commands:",
    ...columns(rows),
    "",
    `Run \`m8tes ${group.name} COMMAND --help\` for a command's options.`,
    "",
  ].join("\n");
}

/** `m8tes --help`: every command of every group, one line each. */
export function topHelp(table) {
  const rows = [];
  for (const entry of table) {
    for (const c of entry.commands ?? [entry]) rows.push([c.path.join(" "), `${c.summary}${also(c)}`]);
  }
  const aliases = table.filter((e) => e.aliases?.length).map((e) => `${e.name} = ${e.aliases.join(", ")}`);
  return [
    "usage: m8tes [--api-key KEY] [--base-url URL] [--dev] COMMAND [options]",
    "",
    "commands:",
    ...columns(rows),
    "",
    `group aliases: ${aliases.join("; ")}`,
    "",
    "Run `m8tes COMMAND --help` for a command's options.",
    "",
    "options before the command (as SDK 4.49's):",
    "  --api-key KEY      the API key for this call (over M8TES_API_KEY and the stored login)",
    "  --base-url URL     the API's base URL for this call",
    "  --dev              the local development server, http://127.0.0.1:$M8TES_PORT (default 8000)",
    "",
    "options of every command:",
    "  -o, --output MODE  verbose (default), compact, or json (one object per line) where data is printed",
    "  --no-color         no colour in progress lines (also: NO_COLOR=1)",
    "",
    "environment:",
    "  M8TES_API_KEY   the API key to use (overrides `m8tes auth login`)",
    "  M8TES_BASE_URL  the API's base URL (default https://api.m8tes.ai/api/v2)",
    "  NO_COLOR        no colour (progress shows only on a terminal, never with -o json)",
    "",
    "exit codes: 0 success, 1 the run failed, 2 usage error, 3 not authenticated,",
    "            4 network or server error, 130 interrupted (Ctrl-C)",
    "",
  ].join("\n");
}

function columns(rows) {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}
