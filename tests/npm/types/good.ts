// Every public method called the way js-api.md shows. Compiled with `tsc --strict --noEmit`;
// never run. Each `expectType` pins a result type so a declaration that drifts to `any` or to the
// wrong shape fails here.
import {
  M8tes,
  signup,
  Webhooks,
  M8tesError,
  APIError,
  ValidationError,
  AuthenticationError,
  BillingError,
  PermissionDeniedError,
  NotFoundError,
  ConflictError,
  RateLimitError,
  InternalServerError,
  APIConnectionError,
  APITimeoutError,
  APIUserAbortError,
  RunFailedError,
  PollTimeoutError,
  StreamInterruptedError,
  WebhookVerificationError,
} from "@m8tes/wasm";
import type { JsonObject, MemoryAudience, Run, RunEvent, Teammate } from "@m8tes/wasm";

/** Fails to compile when T is `any` (any would make every check below vacuous). */
type NotAny<T> = 0 extends 1 & T ? never : T;
function expectType<T>(value: NotAny<T>): void {
  void value;
}

declare const env: { M8TES_API_KEY: string };

export async function everything(): Promise<void> {
  const client = new M8tes({ apiKey: env.M8TES_API_KEY });
  const configured = new M8tes({
    apiKey: "m8_x",
    baseUrl: "http://127.0.0.1:8787/api/v2",
    timeout: 60_000,
    maxRetries: 1,
    fetch: globalThis.fetch,
    defaultHeaders: { "x-trace": "1" },
    fetchOptions: { keepalive: true, cache: "no-store", cf: { cacheTtl: 5 } },
    logger: console,
    logLevel: "debug",
  });
  void configured;
  const controller = new AbortController();
  const requestOptions = { signal: controller.signal, timeout: 1_000, maxRetries: 0, headers: { "x-a": "b" }, idempotencyKey: "k" };

  // The seed's example, line by line.
  for await (const event of client.runs.create({ message: "pull MRR…", tools: ["stripe", "slack"] })) {
    switch (event.type) {
      case "text-delta":
        expectType<string>(event.delta);
        break;
      case "tool-call-start":
        expectType<string>(event.toolName);
        break;
      case "tool-result-end":
        console.log(event.result);
        break;
      case "done":
        console.log(event.stop_reason);
        break;
    }
  }
  const run = await client.runs.create({ message: "generate quarterly report", stream: false });
  expectType<number>(run.id);
  const result = await client.runs.poll(run.id);
  expectType<string>(result.status);

  // Teammates and the agents alias.
  const mate = await client.teammates.create({ name: "Ops", instructions: "Be brief", tools: ["gmail"], role: "ops", goals: "g", user_id: "u", metadata: { a: 1 }, allowed_senders: ["a@b.c"] });
  expectType<number>(mate.id);
  expectType<string>(mate.name);
  const matePage = await client.teammates.list({ user_id: "u", limit: 10 });
  expectType<boolean>(matePage.has_more);
  expectType<number>(matePage.data[0].id);
  for await (const t of client.teammates.list()) expectType<string>(t.name);
  for await (const t of client.agents.list().autoPagingIter()) expectType<number>(t.id);
  await client.teammates.get(mate.id);
  await client.teammates.update(mate.id, { name: "Ops 2" });
  const hook = await client.teammates.enableWebhook(mate.id);
  expectType<boolean>(hook.enabled);
  await client.teammates.disableWebhook(mate.id);
  const inbox = await client.teammates.enableEmailInbox(mate.id);
  expectType<boolean>(inbox.enabled);
  await client.teammates.disableEmailInbox(mate.id);
  await client.teammates.delete(mate.id);
  await client.agents.get(mate.id);

  // Runs.
  const stream = client.runs.create({ message: "hi", teammate_id: 1, human_in_the_loop: true, permission_mode: "approval" }, requestOptions);
  expectType<string>(stream.text);
  const runId: number | null | undefined = stream.runId;
  void runId;
  expectType<boolean>(stream.hasErrors);
  for await (const piece of stream.textStream()) expectType<string>(piece);
  expectType<string>(await stream.finalText());
  const readable: ReadableStream<Uint8Array> = stream.toReadableStream();
  void readable;
  stream.abort();
  await stream[Symbol.asyncDispose]();
  const raising = client.runs.create({ message: "x", raiseOnError: true });
  void raising;
  const waited = await client.runs.wait(run.id, {
    onApproval: (request) => (request.tool_name === "gmail" ? "allow" : "deny"),
    onQuestion: async (request) => {
      const questions = request.tool_input?.questions as Array<{ question: string }> | undefined;
      return { [questions?.[0]?.question ?? "Plan Approval"]: "Approve" };
    },
    interval: 100,
    timeout: 10_000,
  });
  expectType<string>(waited.status);
  await client.runs.poll(run.id, { interval: 100, timeout: 1_000 });
  const created = await client.runs.createAndWait({ message: "x" });
  expectType<number>(created.id);
  const replyStream = client.runs.reply(run.id, { message: "more" });
  for await (const e of replyStream) void e;
  const replied = await client.runs.reply(run.id, { message: "more", stream: false });
  expectType<number>(replied.id);
  await client.runs.replyAndWait(run.id, { message: "and more" });
  for await (const text of client.runs.streamText({ message: "x" })) expectType<string>(text);
  for await (const e of client.runs.stream(run.id)) expectType<string>(e.type);
  await client.runs.get(run.id);
  await client.runs.list({ teammate_id: 1, user_id: "u", status: "completed", limit: 5 });
  await client.runs.cancel(run.id);
  await client.runs.updatePermissionMode(run.id, { permission_mode: "autonomous" });
  const gates = await client.runs.permissions(run.id);
  expectType<string>(gates[0].request_id);
  const approved = await client.runs.approve(run.id, { request_id: gates[0].request_id, decision: "allow", remember: true });
  expectType<string>(approved.status);
  await client.runs.answer(run.id, { answers: { "Plan Approval": "Approve" } });
  const files = await client.runs.listFiles(run.id);
  expectType<string>(files[0].name);
  expectType<number>(files[0].size);
  const bytes: Uint8Array = await client.runs.downloadFile(run.id, files[0].name);
  void bytes;

  // Tasks and triggers.
  const task = await client.tasks.create({ teammate_id: 1, instructions: "do it", name: "n", tools: ["x"], expected_output: "y", goals: "z", user_id: "u" });
  expectType<number>(task.id);
  await client.tasks.list({ teammate_id: 1 });
  await client.tasks.get(task.id);
  await client.tasks.update(task.id, { instructions: "do it better" });
  const taskRun = await client.tasks.run(task.id, { stream: false });
  expectType<number>(taskRun.id);
  for await (const e of client.tasks.run(task.id, { user_id: "u" })) void e;
  await client.tasks.delete(task.id);
  const trigger = await client.tasks.triggers.create(task.id, { type: "schedule", cron: "0 9 * * *", timezone: "UTC" });
  expectType<string>(trigger.type);
  await client.tasks.triggers.list(task.id);
  await client.tasks.triggers.delete(task.id, trigger.id);

  // Apps.
  const apps = await client.apps.list({ user_id: "u" });
  expectType<string>(apps.data[0].name);
  const connect = await client.apps.connect("gmail", { redirect_uri: "https://x", user_id: "u" });
  expectType<string>(connect.authorization_url);
  await client.apps.connectComplete("gmail", { connection_id: connect.connection_id, user_id: "u" });
  await client.apps.disconnect("gmail", { user_id: "u" });

  // Memories, permission policies, users.
  const memory = await client.memories.create({ user_id: "u", content: "likes tea" });
  await client.memories.list({ user_id: "u" });
  await client.memories.delete(memory.id, { user_id: "u" });
  const policy = await client.permissions.create({ user_id: "u", tool: "gmail" });
  expectType<string>(policy.tool_name);
  await client.permissions.list({ user_id: "u" });
  await client.permissions.delete(policy.id, { user_id: "u" });
  const user = await client.users.create({ user_id: "u", name: "Ann", email: "a@b.c", company: "Acme", metadata: {} });
  expectType<string>(user.user_id);
  await client.users.list({ limit: 5 });
  await client.users.get("u");
  await client.users.update("u", { name: "Ann B" });
  await client.users.delete("u");

  // Webhooks registry, settings, usage.
  const webhook = await client.webhooks.create({ url: "https://example.com/h", events: ["run.completed"] });
  expectType<number>(webhook.id);
  await client.webhooks.list();
  await client.webhooks.get(webhook.id);
  await client.webhooks.update(webhook.id, { active: false, rotate_secret: true });
  const deliveries = await client.webhooks.listDeliveries(webhook.id);
  expectType<string>(deliveries.data[0].event_type);
  await client.webhooks.delete(webhook.id);
  const settings = await client.settings.get();
  expectType<boolean>(settings.company_research);
  await client.settings.update({ company_research: false });
  const usage = await client.auth.getUsage();
  expectType<string>(usage.cost_used);

  // Pages by hand.
  const page = await client.memories.list({ user_id: "u" });
  if (page.hasNextPage()) {
    const next = await page.getNextPage();
    expectType<boolean>(next.has_more);
  }
}

export function webhooks(body: string, headers: Headers, secret: string): void {
  const ok: boolean = Webhooks.verifySignature({ body, headers, secret });
  const okBytes: boolean = Webhooks.verifySignature({ body: new Uint8Array(), headers: { "webhook-id": "x" }, secret, toleranceSeconds: 300 });
  const okBuffer: boolean = Webhooks.verifySignature({ body: new ArrayBuffer(0), headers, secret });
  void [ok, okBytes, okBuffer];
  const event = Webhooks.unwrap(body, headers, secret, { toleranceSeconds: 60 });
  void event;
  Webhooks.unwrap(body, headers, secret);
  const signed = Webhooks.sign({ body, secret, id: "msg_1", timestamp: 1_700_000_000 });
  void signed;
  Webhooks.sign({ body, secret });
}

export function errors(err: unknown): string {
  if (err instanceof RateLimitError) return `retry in ${err.retryAfter ?? 0}s`;
  if (err instanceof NotFoundError) return `${err.status.toFixed(0)} ${err.requestId ?? ""} ${err.method} ${err.path}`;
  if (err instanceof APIError) {
    const status: number | null = err.status;
    return `${status} ${err.code ?? ""} ${err.errorCode ?? ""} ${err.docUrl ?? ""} ${JSON.stringify(err.details)} ${String(err.headers)}`;
  }
  if (err instanceof StreamInterruptedError) return `interrupted run ${err.runId}`;
  if (err instanceof ConflictError && err.runId !== undefined) return `run ${err.runId.toFixed(0)} already ended`;
  if (err instanceof WebhookVerificationError) {
    const reason: "missing_header" | "invalid_timestamp" | "timestamp_too_old" | "timestamp_in_future" | "signature_mismatch" | "invalid_body" = err.reason;
    return reason;
  }
  const all = [ValidationError, AuthenticationError, BillingError, PermissionDeniedError, ConflictError, InternalServerError, APIConnectionError, APITimeoutError, APIUserAbortError, RunFailedError, PollTimeoutError];
  for (const Class of all) if (err instanceof Class) return Class.name;
  if (err instanceof M8tesError) return err.message;
  return "other";
}

export function narrow(event: RunEvent): string {
  switch (event.type) {
    case "tool-call-delta":
      return event.toolCallId;
    case "metadata":
      return JSON.stringify(event.raw);
    case "unknown":
      return JSON.stringify(event.raw);
    default:
      return event.type;
  }
}

// SDK 4.49's calls (issue 11).
export async function sdk449(client: M8tes): Promise<void> {
  const schema = { type: "object", properties: { total: { type: "number" } } };
  const run = await client.runs.create({ message: "m", stream: false, output_schema: schema });
  expectType<JsonObject | null | undefined>(run.output_data);
  const outcome = await client.runs.outcome(run.id);
  expectType<JsonObject | null>(outcome.output_data);
  expectType<string | null>(outcome.cost_usd);
  const messages = await client.runs.messages(run.id, { after_sequence: 3, limit: 10 });
  expectType<number>(messages[0].sequence);
  await client.runs.messages(run.id, { tail: true, before_sequence: 9 });
  expectType<number>((await client.runs.check()).awaiting_count);
  const needs = await client.runs.needsYou({ user_id: "u" });
  expectType<number>(needs.count);
  expectType<string>(needs.items[0].mate_name);
  expectType<number>((await client.runs.activity()).data[0].runs[0].id);
  const retried = await client.runs.retry(run.id, { confirm: true });
  expectType<number>(retried.id);
  expectType<boolean | undefined>((await client.runs.archive(run.id)).archived);
  await client.runs.unarchive(run.id);
  await client.runs.markViewed(run.id, { user_id: "u" });
  expectType<string>((await client.runs.share(run.id)).share_url);
  expectType<void>(await client.runs.unshare(run.id));
  await client.runs.list({ task_id: 3, archived: "only", sort: "priority" });

  const file = new File(["x"], "a.csv");
  const uploaded = await client.runs.create({ message: "m", stream: false, files: [file, { name: "b.txt", data: new Uint8Array([1]) }] });
  expectType<number>(uploaded.id);
  const stream = client.runs.create({ message: "m", files: [{ name: "c.md", data: "# x", type: "text/markdown" }] });
  expectType<number | null>(await stream.started());
  await client.runs.createWithFiles({ message: "m", stream: false });

  await client.teammates.create({ name: "Inbox", email_inbox: true });
  await client.tasks.create({ teammate_id: 1, instructions: "i", webhook: true, schedule: "0 9 * * 1", schedule_timezone: "UTC" });
  await client.tasks.list({ include_archived: true });
  const mates = await client.teammates.list({ include_archived: true });
  expectType<number>(mates.data[0].id);
  expectType<Teammate>(await client.teammates.disable(1));
  expectType<Teammate>(await client.teammates.enable(1, { user_id: "u" }));
  expectType<Teammate>(await client.teammates.unarchive(1));
  expectType<string[]>(await client.teammates.reset(1, { fields: ["name"] }));
  expectType<string>((await client.teammates.systemPrompt(1)).system_prompt);
  expectType<boolean>((await client.teammates.setWebhookEnabled(1, false)).enabled);
  await client.teammates.setWebhookEnabled(1, { enabled: true, user_id: "u" });

  const done = await client.tasks.runAndWait(1, { user_id: "u", onApproval: () => "allow" }, { timeout: 1000 });
  expectType<Run>(done);
  await client.tasks.enableWebhook(1);
  expectType<boolean>((await client.tasks.setWebhookEnabled(1, true)).enabled);
  await client.tasks.disableWebhook(1);
  const lessons = await client.tasks.lessons.list(1);
  expectType<string>(lessons.data[0].id);
  await client.tasks.lessons.delete(1, lessons.data[0].id);
  expectType<number>((await client.tasks.lessons.clear(1)).capacity_used);
  await client.tasks.triggers.create(1, { type: "schedule", run_at: "2030-01-01T09:00:00Z" });
  const trigger = await client.tasks.triggers.update(1, 2, { enabled: false, cron: "0 9 * * 1" });
  expectType<string | null | undefined>(trigger.run_at);
  for await (const t of client.triggers.list({ type: "schedule", task_id: 1 })) expectType<number>(t.id);

  await client.memories.create({ content: "account-wide", audience: "company" });
  for await (const m of client.memories.list({ query: "tea" })) expectType<string | null>(m.user_id);
  const memory = await client.memories.update(1, { audience: "personal" });
  expectType<MemoryAudience | null | undefined>(memory.audience);
  await client.memories.update(1, { content: "fixed", user_id: "u" });
  await client.memories.delete(1);
  const policy = await client.permissions.create({ tool: "gmail" });
  expectType<string | null>(policy.user_id);
  await client.permissions.list();
  await client.permissions.delete(policy.id);
  for await (const usage of client.users.usage({ user_id: "u" })) expectType<string>(usage.cost_used);

  const settings = await client.settings.update({ per_end_user_run_limit: null, retention_mode: "metadata_only", approval_slack_enabled: false });
  expectType<number | null | undefined>(settings.per_end_user_run_limit);
  expectType<boolean>(await client.auth.isVerified());
  expectType<string>(await client.auth.resendVerify());

  // The response behind a result.
  const fetched = await client.teammates.get(1);
  expectType<string | null | undefined>(fetched._request_id);
  const { data, response, request_id } = await client.runs.get(1).withResponse();
  expectType<number>(data.id);
  expectType<Response>(response);
  expectType<string | null>(request_id);
  const raw: Response = await client.runs.downloadFile(1, "a.csv").asResponse();
  expectType<boolean>(raw.bodyUsed);
  const listed = await client.teammates.list().withResponse();
  expectType<boolean>(listed.data.hasNextPage());
  expectType<boolean>((await client.auth.isVerified().withResponse()).data);
  expectType<string | null>(client.runs.create({ message: "m" }).requestId);
  expectType<string>((await signup({ email: "a@example.com", password: "p", first_name: "A" })).api_key);
}
