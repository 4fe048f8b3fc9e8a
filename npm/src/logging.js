// Logs each fetch the transport makes (logLevel, M8TES_LOG). The transport reuses one init
// object for every attempt of a request, so an init seen again is a retry. Bodies and query
// strings are never logged, and a header naming auth or a secret is masked.
import { M8tesError } from "./errors.js";

const LEVELS = ["off", "error", "warn", "info", "debug"];

/** M8TES_LOG where the runtime has an environment and lets us read it (Deno without
 * `--allow-env` throws), else undefined. */
function envLevel() {
  try {
    return globalThis.process?.env?.M8TES_LOG || undefined;
  } catch {
    return undefined;
  }
}

export function loggingFetch(fetch, { logger = console, logLevel }) {
  const name = logLevel ?? envLevel() ?? "warn";
  const level = LEVELS.indexOf(name);
  if (level < 0) throw new M8tesError("bad logLevel: " + name);
  // Off: the transport keeps its own fetch (the global one, looked up at each call).
  if (level === 0) return fetch;
  fetch ??= globalThis.fetch;
  if (!fetch) return fetch;
  const log = (at, line) => {
    if (level >= LEVELS.indexOf(at)) logger[at]("[m8tes] " + line);
  };
  const failed = new WeakMap();
  return async (url, init) => {
    const t = Date.now();
    const what = `${init.method} ${new URL(url).pathname}`;
    const took = () => ` in ${Date.now() - t}ms`;
    if (failed.has(init)) log("warn", `retrying ${what}: ${failed.get(init)}`);
    if (level > 3) {
      const shown = Object.entries(init.headers).map(([k, v]) => ` ${k}: ${/auth|secret/i.test(k) ? "***" : v}`);
      log("debug", what + shown.join(""));
    }
    let response;
    try {
      response = await fetch(url, init);
    } catch (err) {
      failed.set(init, err?.message);
      throw err;
    }
    const { status, headers } = response;
    if (status > 299) failed.set(init, status);
    log("info", `${what} ${status}${took()} (request id ${headers.get("x-request-id")})`);
    if (status > 299 || level < 3 || !headers.get("content-type")?.includes("event-stream")) return response;
    log("info", `stream started: ${what}`);
    const flush = () => log("info", `stream ended: ${what}${took()}`);
    return new Response(response.body.pipeThrough(new TransformStream({ flush })), response);
  };
}
