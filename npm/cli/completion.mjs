// Shell completion scripts for bash, zsh and fish, written from the command table (the same
// one `main` dispatches on), so a new command or option completes without touching this file.
// bash and zsh share the data functions (plain `case`/`echo`, valid in both); fish gets one
// `complete` line per group, command and option. Commands not available here (no counterpart
// in this API, or none in the package yet) are left out: completing to an error helps nobody.

export const SHELLS = ["bash", "zsh", "fish"];

/** The table as completion needs it: names, aliases, options and value choices. */
function completionModel(table) {
  const runnable = (c) => !c.unavailable;
  const commandModel = (c) => ({
    names: [c.name, ...(c.aliases ?? [])],
    summary: c.summary,
    options: [...(c.options ?? []).filter((o) => !o.hidden), { name: "help", short: "h", help: "show this help" }],
    words: (c.positionals ?? []).flatMap((p) => p.choices ?? []),
  });
  const groups = [];
  const standalone = [];
  for (const entry of table) {
    if (entry.commands) {
      const commands = entry.commands.filter(runnable).map(commandModel);
      if (commands.length) groups.push({ names: [entry.name, ...(entry.aliases ?? [])], summary: entry.summary, commands });
    } else if (runnable(entry)) {
      standalone.push({ ...commandModel(entry) });
    }
  }
  return { groups, standalone };
}

const TOP_OPTIONS = ["--help", "--version", "--no-color"];

const flags = (option) => [`--${option.name}`, ...(option.short ? [`-${option.short}`] : [])];
const caseLabel = (keys) => keys.map((k) => `"${k}"`).join("|");

/** The POSIX `case` functions bash and zsh both call. */
function dataFunctions({ groups, standalone }) {
  const lines = [];
  lines.push("_m8tes_group() {", '  case "$1" in');
  for (const g of groups) lines.push(`    ${caseLabel(g.names)}) echo ${g.names[0]} ;;`);
  for (const c of standalone) lines.push(`    ${caseLabel(c.names)}) echo ${c.names[0]} ;;`);
  lines.push("  esac", "}", "");

  lines.push("_m8tes_command() {", '  case "$1 $2" in');
  for (const g of groups) {
    for (const c of g.commands) lines.push(`    ${caseLabel(c.names.map((n) => `${g.names[0]} ${n}`))}) echo ${c.names[0]} ;;`);
  }
  lines.push("  esac", "}", "");

  const words = (c) => [...c.words, ...c.options.flatMap(flags)].join(" ");
  lines.push("_m8tes_words() {", '  case "$1 $2" in');
  const top = [...groups.map((g) => g.names[0]), ...standalone.map((c) => c.names[0]), ...TOP_OPTIONS];
  lines.push(`    " ") echo "${top.join(" ")}" ;;`);
  for (const g of groups) {
    lines.push(`    "${g.names[0]} ") echo "${[...g.commands.map((c) => c.names[0]), "--help"].join(" ")}" ;;`);
    for (const c of g.commands) lines.push(`    "${g.names[0]} ${c.names[0]}") echo "${words(c)}" ;;`);
  }
  for (const c of standalone) lines.push(`    "${c.names[0]} ") echo "${words(c)}" ;;`);
  lines.push("  esac", "}", "");

  // Succeeds (printing the choices, maybe none) when the option takes a value.
  lines.push("_m8tes_values() {", '  case "$1 $2 $3" in');
  const valueCases = (key, c) => {
    for (const o of c.options.filter((opt) => opt.value)) {
      lines.push(`    ${caseLabel(flags(o).map((f) => `${key} ${f}`))}) echo "${(o.choices ?? []).join(" ")}" ;;`);
    }
  };
  for (const g of groups) for (const c of g.commands) valueCases(`${g.names[0]} ${c.names[0]}`, c);
  for (const c of standalone) valueCases(`${c.names[0]} `, c);
  lines.push("    *) return 1 ;;", "  esac", "}", "");

  const standaloneNames = ` ${standalone.map((c) => c.names[0]).join(" ")} `;
  // Finds the group and command among the words before the cursor; sets `group` and `command`.
  lines.push(
    "_m8tes_locate() {",
    "  local i word",
    "  group='' command=''",
    '  for (( i = $1; i < $2; i++ )); do',
    '    word="${_m8tes_line[i]}"',
    "    [[ $word == -* ]] && continue",
    "    if [[ -z $group ]]; then",
    '      group="$(_m8tes_group "$word")"',
    "      [[ -z $group ]] && return 1",
    `      [[ "${standaloneNames}" == *" $group "* ]] && return 0`,
    "    elif [[ -z $command ]]; then",
    '      command="$(_m8tes_command "$group" "$word")"',
    "      [[ -z $command ]] && return 1",
    "    else",
    "      return 0",
    "    fi",
    "  done",
    "  return 0",
    "}",
  );
  return lines.join("\n");
}

function bash(model) {
  return `# bash completion for m8tes, written by \`m8tes completion bash\` from its command table.
# Now: source <(m8tes completion bash)
# For good: m8tes completion bash > ~/.local/share/bash-completion/completions/m8tes

${dataFunctions(model)}

_m8tes() {
  local cur="\${COMP_WORDS[COMP_CWORD]}" prev="" group command values
  (( COMP_CWORD > 1 )) && prev="\${COMP_WORDS[COMP_CWORD-1]}"
  local -a _m8tes_line=("\${COMP_WORDS[@]}")
  _m8tes_locate 1 "$COMP_CWORD" || return 0
  if [[ $prev == -* ]] && values="$(_m8tes_values "$group" "$command" "$prev")"; then
    # A value with no fixed choices (a path, an id): bash's own completion, files included.
    [[ -z $values ]] && compopt -o default 2>/dev/null
    COMPREPLY=($(compgen -W "$values" -- "$cur"))
    return 0
  fi
  COMPREPLY=($(compgen -W "$(_m8tes_words "$group" "$command")" -- "$cur"))
}

complete -F _m8tes m8tes
`;
}

function zsh(model) {
  return `#compdef m8tes
# zsh completion for m8tes, written by \`m8tes completion zsh\` from its command table.
# Now: source <(m8tes completion zsh)
# For good: m8tes completion zsh > "\${fpath[1]}/_m8tes" (then start a new shell)

${dataFunctions(model)}

_m8tes() {
  local cur="\${words[CURRENT]}" prev="\${words[CURRENT-1]}" group command values
  local -a _m8tes_line
  _m8tes_line=("\${words[@]}")
  # zsh arrays start at 1: the word after "m8tes" is 2.
  _m8tes_locate 2 "$CURRENT" || return 1
  if [[ $prev == -* ]] && values="$(_m8tes_values "$group" "$command" "$prev")"; then
    # A value with no fixed choices (a path, an id): file names, as zsh would offer anyway.
    if [[ -z $values ]]; then
      _files
    else
      compadd -- \${=values}
    fi
    return
  fi
  compadd -- \${=$(_m8tes_words "$group" "$command")}
}

if (( $+functions[compdef] )); then
  compdef _m8tes m8tes
else
  autoload -Uz compinit && compinit && compdef _m8tes m8tes
fi
`;
}

/** A fish single-quoted string. */
const fishWord = (text) => `'${String(text).replace(/\\/g, "\\\\").replace(/'/g, "\\'")}'`;

function fish({ groups, standalone }) {
  const lines = [
    "# fish completion for m8tes, written by `m8tes completion fish` from its command table.",
    "# Now: m8tes completion fish | source",
    "# For good: m8tes completion fish > ~/.config/fish/completions/m8tes.fish",
    "",
    "# True when the words typed so far (options left out) are one of the names in $argv[1]",
    "# and, when $argv[2] is given, then one of the names in $argv[2].",
    "function __m8tes_at",
    "    set -l words (commandline -opc)",
    "    set -e words[1]",
    "    set -l typed",
    "    for word in $words",
    "        string match -q -- '-*' $word; or set -a typed $word",
    "    end",
    "    contains -- \"$typed[1]\" (string split ' ' -- $argv[1]); or return 1",
    "    if test (count $argv) -lt 2",
    "        test (count $typed) -eq 1",
    "        return",
    "    end",
    "    test (count $typed) -ge 2; and contains -- \"$typed[2]\" (string split ' ' -- $argv[2])",
    "end",
    "",
    "complete -c m8tes -f",
    "complete -c m8tes -n __fish_use_subcommand -l help -s h -d 'show the help'",
    "complete -c m8tes -n __fish_use_subcommand -l version -s V -d 'show the version'",
    "complete -c m8tes -n __fish_use_subcommand -l no-color -d 'no colour in progress lines'",
  ];
  const optionLines = (condition, c) => {
    for (const word of c.words) lines.push(`complete -c m8tes -n ${fishWord(condition)} -a ${fishWord(word)}`);
    for (const o of c.options) {
      const parts = [`complete -c m8tes -n ${fishWord(condition)} -l ${o.name}`];
      if (o.short) parts.push(`-s ${o.short}`);
      if (o.value) parts.push(o.choices ? `-x -a ${fishWord(o.choices.join(" "))}` : "-r");
      if (o.help) parts.push(`-d ${fishWord(o.help)}`);
      lines.push(parts.join(" "));
    }
  };
  for (const g of groups) {
    lines.push("", `# ${g.names[0]}`);
    lines.push(`complete -c m8tes -n __fish_use_subcommand -a ${g.names[0]} -d ${fishWord(g.summary)}`);
    for (const c of g.commands) {
      lines.push(`complete -c m8tes -n ${fishWord(`__m8tes_at '${g.names.join(" ")}'`)} -a ${c.names[0]} -d ${fishWord(c.summary)}`);
    }
    for (const c of g.commands) optionLines(`__m8tes_at '${g.names.join(" ")}' '${c.names.join(" ")}'`, c);
  }
  for (const c of standalone) {
    lines.push("", `# ${c.names[0]}`);
    lines.push(`complete -c m8tes -n __fish_use_subcommand -a ${c.names[0]} -d ${fishWord(c.summary)}`);
    optionLines(`__m8tes_at '${c.names.join(" ")}'`, c);
  }
  return `${lines.join("\n")}\n`;
}

/** The completion script for `shell`, one of SHELLS. */
export function completionScript(shell, table) {
  const model = completionModel(table);
  return { bash, zsh, fish }[shell](model);
}
