// Runs the installed tarball's `m8tes` as a subprocess, the way a user's shell would: its own
// HOME (a fresh temporary folder), a clean environment, stdin piped. Every run checks that no
// line it printed holds a secret registered with `forbid`.
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { installPackage } from "../../npm/harness/package.mjs";

/** Longest a single CLI run may take before the test kills it and fails. */
const RUN_LIMIT_MS = 60_000;

const secrets = new Set();
/** No output line of any later run may contain `secret` (API keys, passwords). */
export function forbid(secret) {
  if (secret) secrets.add(secret);
}

/** Installs the tarball (once) and returns the scratch project and its `node_modules/.bin/m8tes`. */
export function installCli() {
  const project = installPackage();
  return { project, bin: resolve(project, "node_modules", ".bin", "m8tes") };
}

/** A throwaway HOME; `cleanup()` removes it. */
export function makeHome() {
  const home = mkdtempSync(join(tmpdir(), "m8tes-cli-home-"));
  return { home, cleanup: () => rmSync(home, { recursive: true, force: true }) };
}

/** The environment a CLI run sees: only what a shell would pass, plus `extra`. */
function cliEnv(home, extra) {
  const env = { PATH: process.env.PATH, HOME: home, LANG: "C.UTF-8" };
  for (const [key, value] of Object.entries(extra ?? {})) {
    if (value !== undefined) env[key] = value;
  }
  return env;
}

/**
 * Starts `m8tes args…`. Returns a handle: `write(text)`, `end()`, `waitFor(pattern, stream?)`,
 * `signal(name)`, `output()`, and `done` resolving to `{ code, signal, stdout, stderr }`.
 * With `tty: true` the CLI runs in a pseudo-terminal (util-linux `script`), as under a person's
 * shell: its stdin is a TTY and both its outputs arrive on `stdout`; TERM is dumb unless `env`
 * sets it.
 */
export function startCli(bin, args, { home, env, cwd, tty = false } = {}) {
  const [command, argv] = tty
    ? ["script", ["-qfec", [bin, ...args].map(shellWord).join(" "), "/dev/null"]]
    : [bin, args];
  const child = spawn(command, argv, {
    cwd: cwd ?? home,
    // A pseudo-terminal is TERM=dumb unless the test says otherwise (progress needs more).
    env: { ...(tty ? { TERM: "dumb" } : {}), ...cliEnv(home, env) },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let stdout = "";
  let stderr = "";
  const watchers = new Set();
  const notify = () => {
    for (const watcher of watchers) watcher();
  };
  child.stdout.setEncoding("utf8");
  child.stderr.setEncoding("utf8");
  child.stdout.on("data", (chunk) => {
    stdout += chunk;
    notify();
  });
  child.stderr.on("data", (chunk) => {
    stderr += chunk;
    notify();
  });
  // The CLI may leave before reading all its input; that is not the test's failure.
  child.stdin.on("error", () => {});
  const killer = setTimeout(() => child.kill("SIGKILL"), RUN_LIMIT_MS);
  const closed = new Promise((resolve, reject) => {
    child.on("error", (error) => {
      clearTimeout(killer);
      reject(new Error(`cannot start ${bin}: ${error.message}`));
    });
    child.on("close", (code, signal) => {
      clearTimeout(killer);
      notify();
      resolve({ code, signal, stdout, stderr });
    });
  });
  // A leaked secret fails whichever test awaits this run.
  const done = closed.then((result) => {
    assertNoSecrets(args, result);
    return result;
  });

  return {
    child,
    done,
    output: () => ({ stdout, stderr }),
    write: (text) => child.stdin.write(text),
    end: () => child.stdin.end(),
    signal: (name) => child.kill(name),
    /** Resolves once `pattern` (RegExp, string, or a predicate on the text) appears in stdout, stderr or `"both"`, counted from `from`. */
    waitFor(pattern, { stream = "both", from = 0, timeoutMs = 30_000 } = {}) {
      const text = () => (stream === "stdout" ? stdout : stream === "stderr" ? stderr : stdout + "\n" + stderr).slice(from);
      const found = () =>
        typeof pattern === "function" ? pattern(text()) : typeof pattern === "string" ? text().includes(pattern) : pattern.test(text());
      return new Promise((resolve, reject) => {
        const check = () => {
          if (found()) {
            cleanup();
            resolve({ stdout, stderr });
          } else if (child.exitCode !== null || child.signalCode !== null) {
            cleanup();
            reject(new Error(`m8tes ${args.join(" ")} ended before printing ${pattern}:\nstdout:\n${stdout}\nstderr:\n${stderr}`));
          }
        };
        const timer = setTimeout(() => {
          cleanup();
          reject(new Error(`m8tes ${args.join(" ")} did not print ${pattern} within ${timeoutMs} ms:\nstdout:\n${stdout}\nstderr:\n${stderr}`));
        }, timeoutMs);
        const cleanup = () => {
          clearTimeout(timer);
          watchers.delete(check);
        };
        watchers.add(check);
        check();
      });
    },
  };
}

/** Runs `m8tes args…` to its end with `stdin` as its whole input. */
export async function runCli(bin, args, { home, env, cwd, stdin = "" } = {}) {
  const run = startCli(bin, args, { home, env, cwd });
  run.write(stdin);
  run.end();
  return run.done;
}

function shellWord(word) {
  return `'${String(word).replace(/'/g, "'\\''")}'`;
}

function assertNoSecrets(args, { stdout, stderr }) {
  for (const [name, text] of [
    ["stdout", stdout],
    ["stderr", stderr],
  ]) {
    text.split("\n").forEach((line, index) => {
      for (const secret of secrets) {
        assert.ok(!line.includes(secret), `m8tes ${args.join(" ")} printed a secret on ${name} line ${index + 1}`);
      }
    });
  }
}

/** stderr holds exactly one non-empty line: the CLI's promise for errors. */
export function assertOneErrorLine(result, pattern) {
  const lines = result.stderr.split("\n").filter((l) => l.trim());
  assert.equal(lines.length, 1, `expected one line on stderr, got:\n${result.stderr}`);
  assert.match(lines[0], /^m8tes: /);
  if (pattern) assert.match(lines[0], pattern);
  assert.doesNotMatch(result.stderr, /\n\s+at .+:\d+:\d+/, "a stack trace reached stderr");
  return lines[0];
}

/**
 * The run's text (its `output`, D15) is on screen: every line of it, in order. Tool lines sit
 * between its text blocks, so the text is compared line by line, not as one string.
 */
export function assertShowsText(stdout, text) {
  assert.ok(text && text.trim(), "the run has no output to compare");
  let from = 0;
  for (const line of text.split("\n").filter((l) => l.trim())) {
    const at = stdout.indexOf(line, from);
    assert.ok(at !== -1, `the streamed output lacks the run's line ${JSON.stringify(line)}:\n${stdout}`);
    from = at + line.length;
  }
}
