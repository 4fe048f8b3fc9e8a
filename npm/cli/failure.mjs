// Exit codes and the one-line error a command ends with. Every failure leaves through
// `describeFailure`, so no stack trace ever reaches the terminal.

export const EXIT = Object.freeze({
  OK: 0,
  /** The run failed (or was cancelled), or an unexpected fault inside the CLI. */
  RUN_FAILED: 1,
  USAGE: 2,
  NOT_AUTHENTICATED: 3,
  /** The network or the server: unreachable, timed out, or an error answer. */
  SERVER: 4,
  /** Ctrl-C outside a chat; the shell convention (128 + SIGINT). */
  INTERRUPTED: 130,
});

/** A failure the CLI itself detected, with the exit code it means. */
export class CliError extends Error {
  constructor(message, exitCode) {
    super(message);
    this.name = "CliError";
    this.exitCode = exitCode;
  }
}

export class UsageError extends CliError {
  constructor(message) {
    super(message, EXIT.USAGE);
    this.name = "UsageError";
  }
}

export class NotAuthenticatedError extends CliError {
  constructor(message = "not logged in: run `m8tes auth login` or set M8TES_API_KEY") {
    super(message, EXIT.NOT_AUTHENTICATED);
    this.name = "NotAuthenticatedError";
  }
}

/**
 * The message and exit code for anything a command threw. `pkg` is the loaded package (its
 * error classes), or undefined when the failure happened before it was loaded.
 */
export function describeFailure(error, pkg) {
  if (error instanceof CliError) return { message: oneLine(error.message), exitCode: error.exitCode };
  if (pkg && error instanceof pkg.M8tesError) return describePackageError(error, pkg);
  const message = error instanceof Error ? error.message : String(error);
  return { message: `unexpected error: ${oneLine(message)}`, exitCode: EXIT.RUN_FAILED };
}

function describePackageError(error, pkg) {
  const message = oneLine(error.message);
  if (error instanceof pkg.AuthenticationError) {
    return { message: `not authenticated: ${message} (run \`m8tes auth login\`)`, exitCode: EXIT.NOT_AUTHENTICATED };
  }
  if (error instanceof pkg.RunFailedError) return { message: `run failed: ${message}`, exitCode: EXIT.RUN_FAILED };
  // A ValidationError with no status was refused before sending (e.g. a file name with `/`).
  if (error instanceof pkg.ValidationError && !error.status) {
    return { message: `invalid argument: ${message}`, exitCode: EXIT.USAGE };
  }
  if (error instanceof pkg.APIError && error.status) {
    const request = error.requestId ? `, request ${error.requestId}` : "";
    return { message: `${message} (HTTP ${error.status}${request})`, exitCode: EXIT.SERVER };
  }
  if (error instanceof pkg.StreamInterruptedError && error.runId != null) {
    return {
      message: `${message} (run ${error.runId} may still be going: \`m8tes run show ${error.runId}\`)`,
      exitCode: EXIT.SERVER,
    };
  }
  return { message, exitCode: EXIT.SERVER };
}

/** Error text from a server or a library may hold newlines; the CLI promises one line. */
export function oneLine(text) {
  return String(text).replace(/\s*[\r\n]+\s*/g, " ").trim();
}
