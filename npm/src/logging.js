// Logs each fetch. An init seen twice is a retry (the transport reuses it).
import { M8tesError } from "./errors.js";

const LEVELS = ["off", "error", "warn", "info", "debug"];

export function loggingFetch(fetch, { logger = console, logLevel }) {
  const name = logLevel ?? (globalThis.process?.env?.M8TES_LOG || "warn");
  const level = LEVELS.indexOf(name);
  if (level < 0) throw new M8tesError("bad logLevel: " + name);
  if (!level || !(fetch ??= globalThis.fetch)) return fetch;
  const log = (at, line) => level >= LEVELS.indexOf(at) && logger[at]("[m8tes] " + line);
  const failed = new WeakMap();
  return async (url, init) => {
    const t = Date.now();
    const what = `${init.method} ${new URL(url).pathname}`;
    const took = () => ` in ${Date.now() - t}ms`;
    if (failed.has(init)) log("warn", `retrying ${what}: ${failed.get(init)}`);
    level > 3 && log("debug", what + Object.entries(init.headers).map(([k, v]) => ` ${k}: ${/auth|secret/i.test(k) ? "***" : v}`));
    const response = await fetch(url, init).catch((err) => {
      throw (failed.set(init, err?.message), err);
    });
    const { status, headers } = response;
    if (status > 299) failed.set(init, status);
    log("info", `${what} ${status}${took()} (request id ${headers.get("x-request-id")})`);
    if (status > 299 || level < 3 || !headers.get("content-type")?.includes("event-stream")) return response;
    log("info", `stream started: ${what}`);
    const flush = () => log("info", `stream ended: ${what}${took()}`);
    return new Response(response.body.pipeThrough(new TransformStream({ flush })), response);
  };
}
