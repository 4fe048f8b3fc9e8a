// M8tes: the resources of js-api.md. Each method only names its endpoint and places its
// arguments; the wasm turns them into the request (paths, bodies, D23's table), the transport
// sends it with retries, and the answer is read here as its endpoint answers.

import { prepareCall, readPage, StreamHandle } from "../wasm/m8tes.js";
import { RunStream } from "./stream.js";
import { Page, PagePromise } from "./pages.js";
import { APIPromise } from "./api-promise.js";
import { PollTimeoutError, ValidationError } from "./errors.js";
import { loggingFetch } from "./logging.js";
import { Transport } from "./transport.js";
import { uploadForm } from "./upload.js";
import { waitForRun } from "./waiting.js";
import { needClient } from "./wasm.js";

/**
 * The request for `op`, as the wasm makes it; the client's wasm starts here, at the first
 * request, so a `new M8tes` that sends nothing never compiles it (issue 9).
 */
function prepare(op, ids, json) {
  needClient();
  return prepareCall(op, ids, json);
}

/** Parameters as JSON text; a value JSON cannot hold (a BigInt, a cycle) is a ValidationError. */
function params(value) {
  if (value === undefined) return undefined;
  try {
    return JSON.stringify(value);
  } catch (err) {
    throw new ValidationError(`invalid parameters: ${err.message}`);
  }
}

/** A 2xx answer read as its endpoint answers: JSON (undefined when empty) or a file's bytes. */
async function readAnswer(exchange) {
  if (exchange.call.answer === "bytes") return exchange.bytes();
  const text = await exchange.text();
  return exchange.call.answer === "empty" || text === "" ? undefined : JSON.parse(text);
}

/**
 * Sends a run's request and resolves to the answer whose body is its events. A replayed
 * streaming POST (its Idempotency-Key used before, wire.md §9.4) answers the first run as
 * JSON, so the stream rejoins that run; the handle applies the rule.
 */
async function openRun(transport, handle, call, options, form) {
  let exchange = await transport.send(call, options, form);
  const { headers } = exchange.response;
  handle.begin(headers.get("x-run-id"), headers.get("x-request-id"));
  if (call.method === "POST" && headers.get("idempotent-replay")) {
    const runId = handle.rejoin(exchange.response.status, await exchange.text());
    exchange = await transport.send(prepareCall("runs.stream", [runId]), options);
    handle.begin(undefined, exchange.response.headers.get("x-request-id"));
  }
  return exchange;
}

// fetchOptions in every fetch; the client's method, headers, body and signal win.
function withFetchOptions({ fetch, fetchOptions }) {
  if (!fetchOptions) return fetch;
  const { method, headers, body, signal, ...extra } = fetchOptions;
  return (url, init) => (fetch ?? globalThis.fetch)(url, { ...extra, ...init });
}

/** The requests every resource method is made of, over one client's transport. */
function requestsOver(transport) {
  // One request. Bad parameters reject like every other failure, never throw at the call.
  const send = (op, ids, args, opts, form) => {
    try {
      return transport.send(prepare(op, ids, params(args)), opts, form);
    } catch (err) {
      return Promise.reject(err);
    }
  };
  // `shape` turns the JSON into the result where it is not the body as sent.
  const call = (op, ids, args, opts, form, shape = (v) => v) =>
    new APIPromise(send(op, ids, args, opts, form), (exchange) => readAnswer(exchange).then(shape));
  const list = (op, ids, args, opts) => {
    const fetchPage = (p) =>
      new PagePromise(send(op, ids, p, opts), async (exchange) => {
        const { body, next } = readPage(op, exchange.response.status, await exchange.text(), p?.starting_after);
        return new Page(fetchPage, p, body, next);
      });
    return fetchPage(args);
  };
  // A run's events. The request goes out now; a call the wasm refuses fails the first read.
  const stream = (op, ids, args, opts, raiseOnError, form) => {
    const json = params(args);
    needClient();
    const handle = new StreamHandle(raiseOnError);
    return new RunStream(handle, async () => openRun(transport, handle, prepareCall(op, ids, json), opts, form));
  };
  // `stream: false` gives the Run; anything else a RunStream. With `files`, the run is a
  // multipart upload to `runs/with-files`.
  const startRun = (op, ids, args, opts) => {
    const { raiseOnError, files, ...body } = args ?? {};
    let form;
    if (op === "runs.createWithFiles" || (op === "runs.create" && files?.length)) {
      op = "runs.createWithFiles";
      try {
        form = uploadForm(prepare(op, [], params(body)).body ?? "{}", files ?? []);
      } catch (err) {
        if (body.stream === false) return Promise.reject(err);
        throw err;
      }
    }
    if (body.stream === false) return call(op, ids, body, opts, form);
    return stream(op, ids, body, opts, Boolean(raiseOnError ?? opts?.raiseOnError), form);
  };
  const text = (op, ids, args, o) => send(op, ids, args, o).then((exchange) => exchange.text());
  const wait = (runId, w = {}, o) => waitForRun(text, runId, w, o);
  return { call, list, stream, startRun, wait };
}

// The scoped calls of SDK 4.49 take `{ enabled }` or the bare flag.
const flag = (enabled) => (typeof enabled === "boolean" ? { enabled } : enabled);
const crud = ({ call, list }, name) => ({
  create: (p, o) => call(`${name}.create`, [], p, o),
  list: (p, o) => list(`${name}.list`, [], p, o),
  get: (id, o) => call(`${name}.get`, [id], undefined, o),
  update: (id, p, o) => call(`${name}.update`, [id], p, o),
  delete: (id, o) => call(`${name}.delete`, [id], undefined, o),
});
const userScoped = ({ call, list }, name) => ({
  create: (p, o) => call(`${name}.create`, [], p, o),
  list: (p, o) => list(`${name}.list`, [], p, o),
  delete: (id, p, o) => call(`${name}.delete`, [id], p, o),
});
const waitOptions = (p, w) => ({ onApproval: p?.onApproval, onQuestion: p?.onQuestion, raiseOnError: p?.raiseOnError, ...w });

/**
 * Each resource of a client, from its requests (`r`) and the client (for a resource that calls
 * another), in the order the client lists them.
 */
const RESOURCES = {
  teammates: (r) => {
    const { call } = r;
    return {
      ...crud(r, "teammates"),
      enableWebhook: (id, o) => call("teammates.enableWebhook", [id], undefined, o),
      disableWebhook: (id, o) => call("teammates.disableWebhook", [id], undefined, o),
      enableEmailInbox: (id, o) => call("teammates.enableEmailInbox", [id], undefined, o),
      disableEmailInbox: (id, o) => call("teammates.disableEmailInbox", [id], undefined, o),
      setWebhookEnabled: (id, enabled, o) => call("teammates.setWebhookEnabled", [id], flag(enabled), o),
      disable: (id, p, o) => call("teammates.disable", [id], p, o),
      enable: (id, p, o) => call("teammates.enable", [id], p, o),
      unarchive: (id, p, o) => call("teammates.unarchive", [id], p, o),
      reset: (id, p, o) => call("teammates.reset", [id], p ?? {}, o, undefined, (r) => r?.reset_fields ?? []),
      systemPrompt: (id, p, o) => call("teammates.systemPrompt", [id], p, o),
    };
  },
  agents: (r, client) => client.teammates,
  runs: (r) => {
    const { call, list, stream, startRun, wait } = r;
    const runs = {
      create: (p, o) => startRun("runs.create", [], p, o),
      createWithFiles: (p, o) => startRun("runs.createWithFiles", [], p, o),
      reply: (runId, p, o) => startRun("runs.reply", [runId], typeof p === "string" ? { message: p } : p, o),
      stream: (runId, o) => stream("runs.stream", [runId], undefined, o, Boolean(o?.raiseOnError)),
      streamText: (p, o) => runs.create({ ...p, stream: true }, o).textStream(),
      get: (id, o) => call("runs.get", [id], undefined, o),
      list: (p, o) => list("runs.list", [], p, o),
      cancel: (id, o) => call("runs.cancel", [id], undefined, o),
      updatePermissionMode: (id, mode, o) =>
        call("runs.updatePermissionMode", [id], typeof mode === "string" ? { permission_mode: mode } : mode, o),
      permissions: (id, o) => call("runs.permissions", [id], undefined, o),
      approve: (id, p, o) => call("runs.approve", [id], p, o),
      answer: (id, p, o) => call("runs.answer", [id], p, o),
      outcome: (id, o) => call("runs.outcome", [id], undefined, o),
      messages: (id, p, o) => call("runs.messages", [id], p, o),
      check: (p, o) => call("runs.check", [], p, o),
      needsYou: (p, o) => call("runs.needsYou", [], p, o),
      activity: (p, o) => call("runs.activity", [], p, o),
      retry: (id, p, o) => call("runs.retry", [id], p, o),
      archive: (id, o) => call("runs.archive", [id], undefined, o),
      unarchive: (id, o) => call("runs.unarchive", [id], undefined, o),
      markViewed: (id, p, o) => call("runs.markViewed", [id], p, o),
      share: (id, o) => call("runs.share", [id], undefined, o),
      unshare: (id, o) => call("runs.unshare", [id], undefined, o),
      listFiles: (id, o) => call("runs.listFiles", [id], undefined, o),
      downloadFile: (id, filename, o) => call("runs.downloadFile", [id, filename], undefined, o),
      poll: (runId, w, o) => wait(runId, { interval: w?.interval, timeout: w?.timeout, raiseOnError: w?.raiseOnError }, o),
      wait,
      createAndWait: async (p, w, o) => {
        const run = await runs.create({ ...p, stream: false }, o);
        return wait(run.id, waitOptions(p, w), o);
      },
      replyAndWait: async (runId, p, w, o) => {
        const body = typeof p === "string" ? { message: p } : p;
        const run = await runs.reply(runId, { ...body, stream: false }, o);
        return wait(run.id, waitOptions(body, w), o);
      },
    };
    return runs;
  },
  tasks: (r, client) => {
    const { call, list, startRun, wait } = r;
    const tasks = {
      ...crud(r, "tasks"),
      run: (taskId, p, o) => startRun("tasks.run", [taskId], p, o),
      // As SDK 4.49 composes it: a run without a stream, then `wait`; a run still going at the
      // deadline is cancelled (best effort) before the PollTimeoutError is thrown.
      runAndWait: async (taskId, p, w, o) => {
        const { onApproval, onQuestion, raiseOnError, ...body } = p ?? {};
        const run = await tasks.run(taskId, { ...body, stream: false }, o);
        try {
          return await wait(run.id, waitOptions(p, w), o);
        } catch (err) {
          if (err instanceof PollTimeoutError) await client.runs.cancel(run.id, o).catch(() => {});
          throw err;
        }
      },
      enableWebhook: (id, o) => call("tasks.enableWebhook", [id], undefined, o),
      setWebhookEnabled: (id, enabled, o) => call("tasks.setWebhookEnabled", [id], flag(enabled), o),
      disableWebhook: (id, o) => call("tasks.disableWebhook", [id], undefined, o),
      triggers: {
        create: (taskId, p, o) => call("tasks.triggers.create", [taskId], p, o),
        list: (taskId, o) => list("tasks.triggers.list", [taskId], undefined, o),
        update: (taskId, triggerId, p, o) => call("tasks.triggers.update", [taskId, triggerId], p, o),
        delete: (taskId, triggerId, o) => call("tasks.triggers.delete", [taskId, triggerId], undefined, o),
      },
      lessons: {
        list: (taskId, o) => call("tasks.lessons.list", [taskId], undefined, o),
        delete: (taskId, lessonId, o) => call("tasks.lessons.delete", [taskId, lessonId], undefined, o),
        clear: (taskId, o) => call("tasks.lessons.clear", [taskId], undefined, o),
      },
    };
    return tasks;
  },
  triggers: ({ list }) => ({
    list: (p, o) => list("triggers.list", [], p, o),
  }),
  apps: ({ call, list }) => ({
    list: (p, o) => list("apps.list", [], p, o),
    connect: (app, p, o) => call("apps.connect", [app], p, o),
    connectComplete: (app, p, o) => call("apps.connectComplete", [app], p, o),
    disconnect: (app, p, o) => call("apps.disconnect", [app], p, o),
  }),
  memories: (r) => ({
    ...userScoped(r, "memories"),
    update: (id, p, o) => r.call("memories.update", [id], p, o),
  }),
  permissions: (r) => userScoped(r, "permissions"),
  users: (r) => ({
    ...crud(r, "users"),
    usage: (p, o) => r.list("users.usage", [], p, o),
  }),
  webhooks: (r) => ({
    ...crud(r, "webhooks"),
    listDeliveries: (id, p, o) => r.list("webhooks.listDeliveries", [id], p, o),
  }),
  settings: ({ call }) => ({
    get: (o) => call("settings.get", [], undefined, o),
    update: (p, o) => call("settings.update", [], p, o),
  }),
  auth: ({ call }) => ({
    getUsage: (o) => call("auth.getUsage", [], undefined, o),
    isVerified: (o) => call("auth.isVerified", [], undefined, o, undefined, (r) => Boolean(r?.is_verified)),
    resendVerify: (o) => call("auth.resendVerify", [], undefined, o, undefined, (r) => String(r?.message ?? "")),
  }),
};

/** Makes `name` a plain, writable own property of `client` holding `value`. */
function settle(client, name, value) {
  Object.defineProperty(client, name, { value, writable: true, enumerable: true, configurable: true });
  return value;
}

export class M8tes {
  constructor(options = {}) {
    const transport = new Transport({ ...options, fetch: loggingFetch(withFetchOptions(options), options) });
    const requests = requestsOver(transport);
    // Each resource is built the first time it is read, then stays a plain property: a client
    // made at start-up (a handler's module scope) pays for none of them at `new` (issue 9).
    for (const name in RESOURCES) {
      Object.defineProperty(this, name, {
        get: () => settle(this, name, RESOURCES[name](requests, this)),
        set: (value) => settle(this, name, value),
        enumerable: true,
        configurable: true,
      });
    }
  }
}
