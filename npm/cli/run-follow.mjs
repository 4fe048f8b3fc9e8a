// Follows one turn of a run to its end: renders its events as they arrive, answers gates when
// it pauses, rejoins the run if the stream ends early, and stops on Ctrl-C; while nothing
// streams, a spinner says it is still working. Shared by `agent task`, every turn of
// `agent chat`, and `task execute`.
import { answerGates } from "./approvals.mjs";
import { CliError, EXIT } from "./failure.mjs";
import { startSpinner } from "./progress.mjs";

const TERMINAL_STATUSES = new Set(["completed", "failed", "cancelled", "closed"]);
const GATE_EVENTS = new Set(["permission_request", "awaiting_approval"]);
const END_EVENTS = new Set(["done", "cancelled"]);
/** A stream that keeps ending before its run does is a server fault, not something to loop on. */
const MAX_REJOINS = 3;

/**
 * `open()` starts the turn and returns the package's RunStream; `options` are the command's
 * (`-o json` shows no spinner). Resolves to `{ stopped: true, runId }` after Ctrl-C, else
 * `{ stopped: false, run, files }`.
 */
export async function followRun({ client, terminal, renderer, open, options, runId = null }) {
  const turn = { client, terminal, renderer, stream: open(), runId, stopped: false };
  const spinner = startSpinner(terminal, options, () => (turn.runId == null ? "starting the run" : `run ${turn.runId} working`));
  const release = terminal.onInterrupt(() => {
    turn.stopped = true;
    turn.stream.abort();
    // Ctrl-C at an approval prompt must not wait for the answer.
    terminal.cancelAsk(new CliError("interrupted", EXIT.INTERRUPTED));
  });
  try {
    return await follow(turn);
  } catch (error) {
    if (turn.stopped) return stoppedAt(turn);
    throw error;
  } finally {
    spinner.stop();
    release();
  }
}

async function follow(turn) {
  const { client, terminal, renderer } = turn;
  const answered = new Set();
  // Events of this turn already shown: a rejoined stream replays the turn from its start.
  let shown = 0;
  for (let rejoins = 0; ; rejoins++) {
    let skip = shown;
    let ended = false;
    for await (const event of turn.stream) {
      if (skip > 0) {
        skip--;
        continue;
      }
      shown++;
      turn.runId ??= turn.stream.runId ?? null;
      renderer.event(event);
      if (END_EVENTS.has(event.type)) ended = true;
      if (GATE_EVENTS.has(event.type) && turn.runId != null) {
        await answerGates({ client, terminal, renderer, runId: turn.runId, answered });
      }
    }
    // An aborted stream may end quietly instead of throwing.
    if (turn.stopped) return stoppedAt(turn);
    turn.runId ??= turn.stream.runId ?? null;
    const runId = turn.runId;
    if (runId == null) throw new CliError("the server's stream ended without naming its run", EXIT.SERVER);

    let run = await client.runs.get(runId);
    if (ended && !TERMINAL_STATUSES.has(run.status) && run.status !== "awaiting_approval") {
      // The stream is over; the server may still be recording the run's end.
      run = await settle(client, runId, run);
    }
    if (run.status === "awaiting_approval") {
      await answerGates({ client, terminal, renderer, runId, answered });
    } else if (ended || TERMINAL_STATUSES.has(run.status)) {
      return { stopped: false, run, files: await client.runs.listFiles(runId) };
    }
    if (rejoins >= MAX_REJOINS) {
      throw new CliError(`run ${runId}'s stream keeps ending early (status ${run.status})`, EXIT.SERVER);
    }
    turn.stream = client.runs.stream(runId);
  }
}

function stoppedAt(turn) {
  return { stopped: true, runId: turn.runId ?? turn.stream.runId ?? null };
}

/** The run once its status says the turn is over, or as it is after a few seconds. */
async function settle(client, runId, run) {
  const deadline = Date.now() + 5_000;
  while (!TERMINAL_STATUSES.has(run.status) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 100));
    run = await client.runs.get(runId);
  }
  return run;
}
