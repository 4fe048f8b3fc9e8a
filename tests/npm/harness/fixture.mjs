// The common setup of a test file: a fresh server, the installed package, and a client for it.
import { after, before } from "node:test";
import { loadPackage } from "./package.mjs";
import { startServer } from "./server.mjs";

/**
 * Registers before/after hooks and returns a holder filled in by `before`:
 * `{ pkg, server, client, makeClient(options) }`. `makeClient` builds more clients on the same
 * server (other options, an observing fetch).
 */
export function useServerAndClient({ speed = "instant", clientOptions = {} } = {}) {
  const ctx = {};
  let markReady;
  let markFailed;
  /** Resolves once the server and client exist; for a file's own `before` that needs them. */
  ctx.ready = new Promise((resolve, reject) => {
    markReady = resolve;
    markFailed = reject;
  });
  ctx.ready.catch(() => {});
  before(async () => {
    try {
      await start();
      markReady(ctx);
    } catch (err) {
      markFailed(err);
      throw err;
    }
  });
  async function start() {
    ctx.pkg = await loadPackage();
    ctx.server = await startServer({ speed });
    ctx.makeClient = (options = {}) =>
      new ctx.pkg.M8tes({ apiKey: ctx.server.apiKey, baseUrl: ctx.server.baseUrl, ...clientOptions, ...options });
    ctx.client = ctx.makeClient();
  }
  after(async () => {
    await ctx.server?.stop();
  });
  return ctx;
}

/**
 * A fetch that records every request the package makes, then performs it for real. Passed as the
 * client's `fetch` option to see what went over the wire; it changes nothing.
 */
export function recordingFetch(inner = globalThis.fetch) {
  const calls = [];
  const fetchFn = async (input, init = {}) => {
    const request = new Request(input, init);
    calls.push({
      method: request.method,
      url: request.url,
      path: new URL(request.url).pathname,
      search: new URL(request.url).search,
      headers: Object.fromEntries(request.headers),
    });
    return inner(input, init);
  };
  return { fetch: fetchFn, calls };
}

export const uniqueSuffix = () => `${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;

/** Collects an async iterable into an array. */
export async function collect(iterable) {
  const items = [];
  for await (const item of iterable) items.push(item);
  return items;
}

/** D4's encoding, written independently of the package: every byte outside A-Za-z0-9-._~ as %XX. */
export function encodeSegment(value) {
  return Array.from(new TextEncoder().encode(String(value)), (byte) => {
    const ch = String.fromCharCode(byte);
    return /[A-Za-z0-9\-._~]/.test(ch) ? ch : `%${byte.toString(16).toUpperCase().padStart(2, "0")}`;
  }).join("");
}

/**
 * Records unhandled promise rejections until `check()` (after a short settle), which asserts
 * there were none. Node ends a process on an unhandled rejection by default, so a stray one from
 * the package (an aborted read nobody awaits) would crash a user's server.
 */
export function watchStrayRejections() {
  const stray = [];
  const onStray = (reason) => stray.push(reason);
  process.on("unhandledRejection", onStray);
  return {
    async check(assert) {
      await new Promise((r) => setTimeout(r, 200));
      process.off("unhandledRejection", onStray);
      assert.deepEqual(stray.map((r) => `${r?.name ?? typeof r}: ${r?.message ?? String(r)}`), [], "unhandled rejections left behind by the package");
    },
    stop() {
      process.off("unhandledRejection", onStray);
    },
  };
}
