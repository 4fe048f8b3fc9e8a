// `m8tes completion bash|zsh|fish`: prints the shell's completion script, written from the
// command table this CLI dispatches on.
import { SHELLS, completionScript } from "../completion.mjs";
import { EXIT } from "../failure.mjs";

export const completion = {
  name: "completion",
  summary: "Print a shell completion script (bash, zsh or fish)",
  usage: "m8tes completion SHELL",
  description: [
    "Prints the completion script for SHELL (bash, zsh or fish): commands, their aliases,",
    "options and option values.",
    "  bash: source <(m8tes completion bash)       (for good: save it as",
    "        ~/.local/share/bash-completion/completions/m8tes)",
    "  zsh:  source <(m8tes completion zsh)        (for good: save it as _m8tes in $fpath)",
    "  fish: m8tes completion fish | source        (for good: save it as",
    "        ~/.config/fish/completions/m8tes.fish)",
  ],
  positionals: [{ name: "SHELL", choices: SHELLS }],
  options: [],
  run(ctx, { args }) {
    ctx.terminal.out(completionScript(args.SHELL, ctx.table));
    return EXIT.OK;
  },
};
