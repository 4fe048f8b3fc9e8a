// Starts the real `m8tes-local` binary on a free loopback port with a known key, waits until it
// answers an authenticated request, and stops it. `api()` talks to it directly over HTTP, so a
// test can check the server's state without going through the package under test.
import { spawn } from "node:child_process";
import { existsSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { freePort } from "./ports.mjs";
import { serverBinary } from "./paths.mjs";

const READY_TIMEOUT_MS = 20_000;

export async function startServer({ speed = "instant", extraArgs = [] } = {}) {
  if (!existsSync(serverBinary)) {
    throw new Error(
      `m8tes-local not built at ${serverBinary}: run \`cargo build --release -p m8tes-local-api\``,
    );
  }
  let lastFailure;
  // A port probed free can be taken before the server binds it; a fresh port fixes that.
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await startOnce(await freePort(), speed, extraArgs);
    } catch (err) {
      lastFailure = err;
    }
  }
  throw lastFailure;
}

async function startOnce(port, speed, extraArgs) {
  const apiKey = `m8_test_${randomBytes(12).toString("hex")}`;
  const args = ["--port", String(port), "--memory", "--api-key", apiKey, "--speed", speed, ...extraArgs];
  const child = spawn(serverBinary, args, { stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  const keep = (chunk) => {
    output = (output + chunk.toString()).slice(-20_000);
  };
  child.stdout.on("data", keep);
  child.stderr.on("data", keep);
  let exited = null;
  const exitPromise = new Promise((resolveExit) =>
    child.on("exit", (code, signal) => {
      exited = { code, signal };
      resolveExit(exited);
    }),
  );

  const origin = `http://127.0.0.1:${port}`;
  const baseUrl = `${origin}/api/v2`;
  const deadline = Date.now() + READY_TIMEOUT_MS;
  while (true) {
    if (exited) {
      throw new Error(`m8tes-local exited early (${JSON.stringify(exited)}):\n${output}`);
    }
    try {
      const res = await fetch(`${baseUrl}/usage`, { headers: { authorization: `Bearer ${apiKey}` } });
      await res.arrayBuffer();
      if (res.status === 200) break;
      throw new Error(`GET /usage answered ${res.status}`);
    } catch (err) {
      if (Date.now() > deadline) {
        child.kill("SIGKILL");
        throw new Error(`m8tes-local did not answer on ${origin} within ${READY_TIMEOUT_MS} ms (${err.message}):\n${output}`);
      }
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  async function stop() {
    if (exited) return exited;
    child.kill("SIGTERM");
    const timer = setTimeout(() => child.kill("SIGKILL"), 5_000);
    await exitPromise;
    clearTimeout(timer);
    return exited;
  }

  /** A direct HTTP call to the server, bypassing the package: the test's independent witness. */
  async function api(path, { method = "GET", body, headers = {}, key = apiKey } = {}) {
    const res = await fetch(`${baseUrl}${path}`, {
      method,
      headers: {
        ...(key ? { authorization: `Bearer ${key}` } : {}),
        ...(body !== undefined ? { "content-type": "application/json" } : {}),
        ...headers,
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const bytes = new Uint8Array(await res.arrayBuffer());
    const text = new TextDecoder().decode(bytes);
    let json;
    try {
      json = text ? JSON.parse(text) : undefined;
    } catch {
      json = undefined;
    }
    return { status: res.status, headers: res.headers, bytes, text, json };
  }

  /** Polls the server directly until the run is terminal; independent of the package's poll. */
  async function waitForRun(runId, { timeoutMs = 30_000 } = {}) {
    const until = Date.now() + timeoutMs;
    while (true) {
      const { json } = await api(`/runs/${runId}`);
      if (json && ["completed", "failed", "cancelled", "closed"].includes(json.status)) return json;
      if (Date.now() > until) throw new Error(`run ${runId} not terminal after ${timeoutMs} ms: ${JSON.stringify(json)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  return { port, origin, baseUrl, apiKey, api, waitForRun, stop, output: () => output };
}
