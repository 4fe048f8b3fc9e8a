// The files a run produced, each with the command that downloads it.
import { downloadCommand, humanSize, terminalText } from "./text.mjs";

export function listFiles(terminal, runId, files) {
  if (!files?.length) return;
  terminal.out("files:\n");
  const width = Math.max(...files.map((f) => terminalText(f.name).length));
  for (const file of files) {
    const name = terminalText(file.name).padEnd(width);
    terminal.out(`  ${name}  ${humanSize(file.size).padStart(8)}  ${downloadCommand(runId, file.name)}\n`);
  }
}
