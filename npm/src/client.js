// M8tes: the resources of js-api.md over the wasm core. Each method only names its endpoint
// and places its arguments; paths, bodies, retries, errors and streams are Rust's.

import { Core } from "../wasm/m8tes.js";
import { RunStream } from "./stream.js";
import { Page, PagePromise } from "./pages.js";
import { ValidationError } from "./errors.js";
import { loggingFetch } from "./logging.js";

const json = (text) => (text === "" ? undefined : JSON.parse(text));
/** Parameters as JSON text; a value JSON cannot hold (a BigInt, a cycle) is a ValidationError. */
function params(value) {
  if (value === undefined) return undefined;
  try {
    return JSON.stringify(value);
  } catch (err) {
    throw new ValidationError(`invalid parameters: ${err.message}`);
  }
}

// fetchOptions in every fetch; the client's method, headers, body and signal win.
function withFetchOptions({ fetch, fetchOptions }) {
  if (!fetchOptions) return fetch;
  const { method, headers, body, signal, ...extra } = fetchOptions;
  return (url, init) => (fetch ?? globalThis.fetch)(url, { ...extra, ...init });
}

export class M8tes {
  #core;

  constructor(options = {}) {
    const core = (this.#core = new Core({ ...options, fetch: loggingFetch(withFetchOptions(options), options) }));
    // One endpoint call: path ids, parameters, request options. Async, so bad parameters
    // reject like every other failure instead of throwing at the call.
    const call = async (op, ids, args, opts) => json(await core.call(op, ids, params(args), opts));
    const list = (op, ids, args, opts) => {
      const fetchPage = (p) =>
        core.call(op, ids, params(p), opts).then(({ body, next }) => new Page(fetchPage, p, body, next));
      return PagePromise.of(fetchPage, args);
    };
    // `stream: false` gives the Run; anything else a RunStream.
    const startRun = (op, ids, args, opts) => {
      const { raiseOnError, ...body } = args ?? {};
      if (body.stream === false) return call(op, ids, body, opts);
      return new RunStream(core.stream(op, ids, params(body), opts, Boolean(raiseOnError ?? opts?.raiseOnError)));
    };
    const crud = (name) => ({
      create: (p, o) => call(`${name}.create`, [], p, o),
      list: (p, o) => list(`${name}.list`, [], p, o),
      get: (id, o) => call(`${name}.get`, [id], undefined, o),
      update: (id, p, o) => call(`${name}.update`, [id], p, o),
      delete: (id, o) => call(`${name}.delete`, [id], undefined, o),
    });

    this.teammates = {
      ...crud("teammates"),
      enableWebhook: (id, o) => call("teammates.enableWebhook", [id], undefined, o),
      disableWebhook: (id, o) => call("teammates.disableWebhook", [id], undefined, o),
      enableEmailInbox: (id, o) => call("teammates.enableEmailInbox", [id], undefined, o),
      disableEmailInbox: (id, o) => call("teammates.disableEmailInbox", [id], undefined, o),
    };
    this.agents = this.teammates;

    const wait = (runId, w = {}, o) => core.wait(runId, w, o).then(json);
    const waitOptions = (p, w) => ({ onApproval: p?.onApproval, onQuestion: p?.onQuestion, raiseOnError: p?.raiseOnError, ...w });
    const runs = (this.runs = {
      create: (p, o) => startRun("runs.create", [], p, o),
      reply: (runId, p, o) => startRun("runs.reply", [runId], typeof p === "string" ? { message: p } : p, o),
      stream: (runId, o) => new RunStream(core.stream("runs.stream", [runId], undefined, o, Boolean(o?.raiseOnError))),
      streamText: (p, o) => runs.create({ ...p, stream: true }, o).textStream(),
      get: (id, o) => call("runs.get", [id], undefined, o),
      list: (p, o) => list("runs.list", [], p, o),
      cancel: (id, o) => call("runs.cancel", [id], undefined, o),
      updatePermissionMode: (id, mode, o) =>
        call("runs.updatePermissionMode", [id], typeof mode === "string" ? { permission_mode: mode } : mode, o),
      permissions: (id, o) => call("runs.permissions", [id], undefined, o),
      approve: (id, p, o) => call("runs.approve", [id], p, o),
      answer: (id, p, o) => call("runs.answer", [id], p, o),
      listFiles: (id, o) => call("runs.listFiles", [id], undefined, o),
      downloadFile: (id, filename, o) => core.call("runs.downloadFile", [id, filename], undefined, o),
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
    });

    this.tasks = {
      ...crud("tasks"),
      run: (taskId, p, o) => startRun("tasks.run", [taskId], p, o),
      triggers: {
        create: (taskId, p, o) => call("tasks.triggers.create", [taskId], p, o),
        list: (taskId, o) => list("tasks.triggers.list", [taskId], undefined, o),
        delete: (taskId, triggerId, o) => call("tasks.triggers.delete", [taskId, triggerId], undefined, o),
      },
    };
    this.apps = {
      list: (p, o) => list("apps.list", [], p, o),
      connect: (app, p, o) => call("apps.connect", [app], p, o),
      connectComplete: (app, p, o) => call("apps.connectComplete", [app], p, o),
      disconnect: (app, p, o) => call("apps.disconnect", [app], p, o),
    };
    const userScoped = (name) => ({
      create: (p, o) => call(`${name}.create`, [], p, o),
      list: (p, o) => list(`${name}.list`, [], p, o),
      delete: (id, p, o) => call(`${name}.delete`, [id], p, o),
    });
    this.memories = userScoped("memories");
    this.permissions = userScoped("permissions");
    this.users = crud("users");
    this.webhooks = {
      ...crud("webhooks"),
      listDeliveries: (id, p, o) => list("webhooks.listDeliveries", [id], p, o),
    };
    this.settings = {
      get: (o) => call("settings.get", [], undefined, o),
      update: (p, o) => call("settings.update", [], p, o),
    };
    this.auth = {
      getUsage: (o) => call("auth.getUsage", [], undefined, o),
    };
  }
}
