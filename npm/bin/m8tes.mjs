#!/usr/bin/env node
// The `m8tes` command (package.json "bin"). All of it lives in ../cli/.
import { main } from "../cli/main.mjs";
import { oneLine } from "../cli/failure.mjs";
import { Terminal } from "../cli/terminal.mjs";

const terminal = new Terminal({ stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, env: process.env });
// Ctrl-C when stdin is not a raw-mode terminal arrives as a signal; the terminal decides what it means.
process.on("SIGINT", () => terminal.interrupt());
// A closed stdout (`m8tes mate list | head -1`) is not an error worth a stack trace.
process.stdout.on("error", (error) => {
  if (error.code === "EPIPE") process.exit(0);
});

// Whatever escapes the commands still ends as one line, never a stack trace.
const fault = (error) => {
  terminal.endLine();
  terminal.err(`m8tes: unexpected error: ${oneLine(error?.message ?? error)}\n`);
  process.exit(1);
};
process.on("uncaughtException", fault);
process.on("unhandledRejection", (reason) => {
  // Aborting a stream (Ctrl-C) may leave a fetch promise rejected with nobody waiting on it
  // (earlier builds of the package did); that abort was asked for and is not a failure.
  if (reason?.name === "AbortError") return;
  fault(reason);
});

const code = await main(process.argv.slice(2), { terminal, env: process.env, cwd: process.cwd() });
await terminal.flush();
process.exit(code);
