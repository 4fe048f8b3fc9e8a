// `--help` texts, written from the command specs so they cannot drift from what is parsed.

export function commandHelp(command) {
  const lines = [`usage: ${command.usage}`, "", `${command.summary}.`, "", ...(command.description ?? [])];
  const options = [...(command.options ?? []), { name: "help", short: "h", help: "show this help" }];
  lines.push("", "options:");
  const labels = options.map((o) => `${o.short ? `-${o.short}, ` : "    "}--${o.name}${o.value ? ` ${o.value}` : ""}`);
  const width = Math.max(...labels.map((l) => l.length));
  options.forEach((o, i) => lines.push(`  ${labels[i].padEnd(width)}  ${o.help ?? ""}`));
  return `${lines.join("\n")}\n`;
}

/** The help of a command group (`m8tes`, `m8tes mate`): its commands, one line each. */
export function groupHelp(prefix, commands) {
  const shown = commands.filter((c) => prefix.every((word, i) => c.path[i] === word));
  const width = Math.max(...shown.map((c) => c.path.join(" ").length));
  const lines = [
    `usage: m8tes ${prefix.length ? `${prefix.join(" ")} ` : ""}COMMAND [options]`,
    "",
    "commands:",
    ...shown.map((c) => `  ${c.path.join(" ").padEnd(width)}  ${c.summary}`),
    "",
    "Run `m8tes COMMAND --help` for a command's options.",
  ];
  if (prefix.length === 0) {
    lines.push(
      "",
      "environment:",
      "  M8TES_API_KEY   the API key to use (overrides `m8tes auth login`)",
      "  M8TES_BASE_URL  the API's base URL (default https://api.m8tes.ai/api/v2)",
      "",
      "exit codes: 0 success, 1 the run failed, 2 usage error, 3 not authenticated,",
      "            4 network or server error, 130 interrupted (Ctrl-C)",
    );
  }
  return `${lines.join("\n")}\n`;
}
