// `poll` and `wait` (D8, wire.md §3, §9.5): read a run until it ends, answering a paused run's
// gates through the caller's callbacks on the way. Which statuses end a run is the wasm's.

import { isTerminalStatus } from "../wasm/m8tes.js";
import { APIConnectionError, APIError, APITimeoutError, InternalServerError, PollTimeoutError, RunFailedError, ValidationError } from "./errors.js";
import { numberOption, sleep } from "./transport.js";

// The tool name of a question gate (D14).
const QUESTION_TOOL = "AskUserQuestion";

/** A 2xx body that is not JSON: the API's answer is not the shape it documents. */
function readJson(text) {
  try {
    return JSON.parse(text);
  } catch (err) {
    throw new APIError(err.message, { status: 200 });
  }
}

/** A server hiccup a wait rides out until its deadline: a 5xx or unmapped status, a network failure, a timeout. */
const isTransient = (err) =>
  err instanceof InternalServerError || err instanceof APIConnectionError || err instanceof APITimeoutError || err?.constructor === APIError;

/** A run id as errors carry it: a number when it is one, so `err.runId === run.id` holds. */
const idField = (id) => (/^[+-]?\d+$/.test(id) ? Number(id) : id);

/**
 * Reads run `runId` until its status is terminal and returns the run. `text(op, ids, params,
 * options)` makes one call of the client and resolves to its body's text. `wait` holds
 * `interval`, `timeout`, `raiseOnError`, `onApproval` and `onQuestion`.
 */
export async function waitForRun(text, runId, wait, options) {
  const interval = numberOption(wait?.interval) ?? 2000;
  const timeout = numberOption(wait?.timeout) ?? 300_000;
  const deadline = Date.now() + timeout;
  const answered = new Set();
  for (;;) {
    let body;
    try {
      body = await text("runs.get", [runId], undefined, options);
    } catch (err) {
      if (!isTransient(err)) throw err;
    }
    if (body !== undefined) {
      const run = readJson(body);
      const status = typeof run?.status === "string" ? run.status : "running";
      if (isTerminalStatus(status)) {
        if (wait?.raiseOnError && status === "failed") throw runFailed(String(runId), run.error);
        return run;
      }
      if (status === "awaiting_approval" && (await answerGates(text, runId, wait, options, answered))) continue;
    }
    const now = Date.now();
    if (now >= deadline) {
      const id = String(runId);
      throw new PollTimeoutError(`Run ${id} did not complete within ${Math.trunc(timeout)} ms`, { runId: idField(id), timeout });
    }
    await sleep(Math.max(0, Math.min(interval, deadline - now)), options?.signal);
  }
}

function runFailed(id, error) {
  const errors = typeof error === "string" ? [error] : [];
  const runId = /^[+-]?\d+$/.test(id) ? Number(id) : null;
  const message = (runId === null ? "the run failed" : `run ${runId} failed`) + (errors.length ? ": " + errors.join("; ") : "");
  return new RunFailedError(message, { runId, errors });
}

/** Answers every pending gate not answered yet; true if any was. */
async function answerGates(text, runId, wait, options, answered) {
  const requests = readJson(await text("runs.permissions", [runId], undefined, options));
  if (!Array.isArray(requests)) throw new APIError("the permissions of a run are not a JSON array", { status: 200 });
  let any = false;
  for (const gate of requests) {
    if (gate === null || typeof gate !== "object" || Array.isArray(gate)) continue;
    const requestId = gate.request_id;
    if (gate.status !== "pending" || typeof requestId !== "string" || answered.has(requestId)) continue;
    if (gate.tool_name === QUESTION_TOOL) {
      const answers = await ask(wait?.onQuestion, gate);
      if (answers === undefined) continue;
      await text("runs.answer", [runId], { answers, request_id: requestId }, options);
    } else {
      const decision = await decide(wait?.onApproval, gate);
      if (decision === undefined) continue;
      await text("runs.approve", [runId], { request_id: requestId, decision, remember: false }, options);
    }
    answered.add(requestId);
    any = true;
  }
  return any;
}

/** `onApproval`'s decision; undefined leaves the gate for someone else (the console, say). */
async function decide(onApproval, gate) {
  if (typeof onApproval !== "function") return undefined;
  const decision = await onApproval(gate);
  if (decision === "allow" || decision === "deny") return decision;
  if (decision === undefined || decision === null) return undefined;
  throw new ValidationError('onApproval must return "allow" or "deny"');
}

/** `onQuestion`'s answers (question text → chosen option label); undefined leaves the gate. */
async function ask(onQuestion, gate) {
  if (typeof onQuestion !== "function") return undefined;
  const answers = await onQuestion(gate);
  if (answers === undefined || answers === null) return undefined;
  if (typeof answers !== "object" || Array.isArray(answers)) throw new ValidationError("onQuestion must return an object of answers");
  return answers;
}
