// A fault-injecting HTTP proxy on loopback, between the package and the real server. Requests
// pass through untouched unless a rule matches; rules inject exactly one kind of fault and are
// used up after `times` matches. Every request is logged, so a test can count attempts and read
// the headers the package sent.
import { createServer, request as httpRequest } from "node:http";
import { performance } from "node:perf_hooks";

/**
 * Rule kinds (`action.kind`):
 * - `respond`: answer `status`/`headers`/`body` without contacting the server.
 * - `forward-then-respond`: let the server handle it, discard its answer, answer `status` instead
 *   (the server did the work, the client sees a failure). With `early: true` the fake answer goes
 *   out as soon as the server's headers arrive, cutting a long response short.
 * - `reset`: destroy the connection without any response.
 * - `hang`: never answer (until the client gives up).
 * - `drop-after`: forward an SSE response frame by frame; after the first frame for which
 *   `frame(text)` is true, cut the connection.
 * - `stall-after`: like drop-after, but then go silent and keep the connection open.
 * - `keepalive-pause`: forward the first frame, then send only `: keepalive` comments every
 *   `everyMs` for `pauseMs`, then forward the rest.
 */
export async function startFaultProxy(upstreamOrigin) {
  const upstream = new URL(upstreamOrigin);
  const rules = [];
  const log = [];
  const sockets = new Set();

  const server = createServer((req, res) => {
    req.socket.setNoDelay(true);
    const entry = {
      method: req.method,
      path: req.url,
      headers: { ...req.headers },
      at: performance.now(),
      outcome: "forwarded",
      clientClosedEarly: false,
    };
    log.push(entry);
    res.on("close", () => {
      if (!res.writableFinished) entry.clientClosedEarly = true;
    });
    const rule = rules.find((r) => r.times > 0 && r.match(req));
    if (rule) rule.times--;
    const action = rule?.action ?? { kind: "forward" };
    entry.outcome = action.kind;

    if (action.kind === "respond") {
      req.resume();
      return answer(res, action);
    }
    if (action.kind === "reset") {
      req.resume();
      return req.socket.destroy();
    }
    if (action.kind === "hang") {
      req.resume();
      return;
    }
    forward(req, res, action, entry);
  });

  function answer(res, { status, headers = {}, body = "" }) {
    const text = typeof body === "string" ? body : JSON.stringify(body);
    res.writeHead(status, { "content-type": "application/json", ...headers });
    res.end(text);
  }

  function forward(req, res, action, entry) {
    const upstreamReq = httpRequest(
      {
        host: upstream.hostname,
        port: upstream.port,
        method: req.method,
        path: req.url,
        headers: { ...req.headers, host: upstream.host },
      },
      (upstreamRes) => {
        entry.upstreamStatus = upstreamRes.statusCode;
        if (action.kind === "forward-then-respond" && action.early) {
          upstreamRes.destroy();
          return answer(res, action);
        }
        if (action.kind === "forward-then-respond") {
          upstreamRes.resume();
          upstreamRes.on("end", () => answer(res, action));
          return;
        }
        res.writeHead(upstreamRes.statusCode, upstreamRes.headers);
        res.flushHeaders();
        if (action.kind === "forward") {
          upstreamRes.pipe(res);
          return;
        }
        relayFrames(upstreamRes, res, action, entry);
      },
    );
    upstreamReq.on("error", (err) => {
      entry.upstreamError = err.message;
      if (!res.headersSent) answer(res, { status: 502, body: { error: { type: "proxy", message: err.message } } });
      else res.destroy();
    });
    // The client gave up: stop the upstream request too, as a real intermediary would.
    res.on("close", () => upstreamReq.destroy());
    req.pipe(upstreamReq);
  }

  /** Forwards an SSE body one frame (up to a blank line) at a time, applying the fault. */
  function relayFrames(upstreamRes, res, action, entry) {
    let pending = "";
    let tripped = false;
    let paused = null;
    const queue = [];
    upstreamRes.setEncoding("utf8");
    const flushQueue = () => {
      while (!paused && queue.length) res.write(queue.shift());
    };
    upstreamRes.on("data", (chunk) => {
      if (tripped) return;
      pending += chunk;
      let cut;
      while (!tripped && (cut = pending.indexOf("\n\n")) !== -1) {
        const frame = pending.slice(0, cut + 2);
        pending = pending.slice(cut + 2);
        queue.push(frame);
        entry.framesForwarded = (entry.framesForwarded ?? 0) + 1;
        if (action.kind === "keepalive-pause" && entry.framesForwarded === 1) {
          flushQueue();
          paused = pauseWithKeepalives(res, action, () => {
            paused = null;
            flushQueue();
            if (upstreamEnded) res.end(pending);
          });
          continue;
        }
        if ((action.kind === "drop-after" || action.kind === "stall-after") && action.frame(frame)) {
          tripped = true;
          flushQueue();
          entry.trippedAfterFrames = entry.framesForwarded;
          upstreamRes.destroy();
          if (action.kind === "drop-after") setTimeout(() => res.socket?.destroy(), 20);
          return;
        }
      }
      flushQueue();
    });
    let upstreamEnded = false;
    upstreamRes.on("end", () => {
      upstreamEnded = true;
      if (tripped || paused) return;
      flushQueue();
      res.end(pending);
    });
  }

  function pauseWithKeepalives(res, { pauseMs, everyMs }, done) {
    const timer = setInterval(() => res.write(": keepalive\n\n"), everyMs);
    setTimeout(() => {
      clearInterval(timer);
      done();
    }, pauseMs);
    return true;
  }

  server.on("connection", (socket) => {
    sockets.add(socket);
    socket.on("close", () => sockets.delete(socket));
  });
  await new Promise((r) => server.listen(0, "127.0.0.1", r));
  const origin = `http://127.0.0.1:${server.address().port}`;

  return {
    origin,
    baseUrl: `${origin}${upstream.pathname.replace(/\/$/, "")}`,
    log,
    /** Adds a rule: `match` is a predicate on the incoming request, `times` how often it fires. */
    inject({ method, path, times = 1, action }) {
      const rule = {
        times,
        action,
        match: (req) => (!method || req.method === method) && (typeof path === "string" ? req.url.split("?")[0] === path : path.test(req.url)),
      };
      rules.push(rule);
      return rule;
    },
    requests(method, pathPattern) {
      return log.filter((e) => e.method === method && (typeof pathPattern === "string" ? e.path.split("?")[0] === pathPattern : pathPattern.test(e.path)));
    },
    reset() {
      rules.length = 0;
      log.length = 0;
    },
    async stop() {
      for (const socket of sockets) socket.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** The D7 error envelope, as the real server would send it. */
export function envelope(status, type, message, extra = {}) {
  return { error: { type, message, code: status, request_id: `req_proxy_${status}`, ...extra } };
}
