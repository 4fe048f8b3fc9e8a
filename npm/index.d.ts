// Types of @m8tes/wasm (js-api.md). Hand-written; tests/npm/types compiles a file that calls
// every method and one that must fail, so these cannot drift from the package silently.

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

// ---------------------------------------------------------------- options

export interface ClientOptions {
  /** Falls back to `process.env.M8TES_API_KEY` where `process` exists. */
  apiKey?: string;
  /** Default `https://api.m8tes.ai/api/v2`, or `process.env.M8TES_BASE_URL`. */
  baseUrl?: string;
  /** Milliseconds (default 300 000); on a stream, the longest silence allowed. */
  timeout?: number;
  /** Retries after the first attempt (default 2). */
  maxRetries?: number;
  fetch?: typeof globalThis.fetch;
  /**
   * Merged into every fetch's RequestInit, retries and streams included (`dispatcher`, `cf`,
   * `keepalive`…). `method`, `headers`, `body` and `signal` are the client's and are ignored here.
   */
  fetchOptions?: FetchOptions;
  /** Where log lines go (default `console`). Never given the API key, a secret or a body. */
  logger?: Logger;
  /**
   * Default `process.env.M8TES_LOG` in Node, else "warn": each retry and its reason. "info" adds
   * each request (method, path, status, duration, request id) and stream start/end; "debug" each
   * request's headers, credentials masked. "error" logs nothing today: failures are thrown.
   * Another value throws an M8tesError.
   */
  logLevel?: LogLevel;
  defaultHeaders?: HeadersInit;
}

/** RequestInit plus the keys runtimes add (undici's `dispatcher`, Workers' `cf`). */
export type FetchOptions = Omit<RequestInit, "method" | "headers" | "body" | "signal"> & { [key: string]: unknown };

export type LogLevel = "off" | "error" | "warn" | "info" | "debug";
export interface Logger {
  debug(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  error(message: string, ...rest: unknown[]): void;
}

export interface RequestOptions {
  signal?: AbortSignal;
  timeout?: number;
  maxRetries?: number;
  headers?: HeadersInit;
  /** For run-creating calls; a fresh UUIDv4 when not given, the same on every retry. */
  idempotencyKey?: string;
}

// ---------------------------------------------------------------- objects

export type PermissionMode = "autonomous" | "approval" | "plan";
export type RunStatus =
  | "running" | "paused" | "awaiting_approval" | "completed" | "failed" | "cancelled" | "closed" | "archived";

export interface Teammate {
  id: number;
  name: string;
  instructions: string | null;
  tools: string[] | null;
  role: string | null;
  goals: string | null;
  user_id: string | null;
  metadata: JsonObject | null;
  allowed_senders: string[] | null;
  status: string;
  created_at: string;
  updated_at: string | null;
  inbound_email_enabled: boolean;
  email_address: string | null;
}

export interface TeammateWebhook { enabled: boolean; url: string | null }
/** `teammates.systemPrompt`: the standing prompt the next run receives, verbatim. */
export interface AgentSystemPrompt { prompt_profile: string | null; profile_description: string; system_prompt: string; characters: number }
export interface EmailInbox { enabled: boolean; address: string | null }

export interface RunUsage {
  input_tokens?: number | null;
  output_tokens?: number | null;
  total_tokens?: number | null;
  cost_usd?: string | null;
  duration_ms?: number | null;
}

export interface Run {
  id: number;
  teammate_id: number | null;
  status: RunStatus | (string & {});
  output: string | null;
  error: string | null;
  user_id: string | null;
  metadata: JsonObject | null;
  created_at: string;
  updated_at: string | null;
  permission_mode: PermissionMode | null;
  task_id?: number | null;
  error_code?: string | null;
  usage?: RunUsage | null;
  /** SDK 4.49: the structured result of a run created with `output_schema`, when it made one. */
  output_data?: JsonObject | null;
  /** SDK 4.49: whether `runs.retry` will be accepted. */
  retryable?: boolean;
  /** SDK 4.49: the run this one retried. */
  retry_of_run_id?: number | null;
  /** SDK 4.49: hidden from the default list until unarchived. */
  archived?: boolean;
  share_token?: string | null;
  last_viewed_at?: string | null;
  next_retry_at?: string | null;
}

/** `runs.outcome`: the result without the transcript. */
export interface RunOutcome {
  run_id: number;
  status: RunStatus | (string & {});
  /** The closing message; `null` when the run ended on a tool call. */
  summary: string | null;
  headline: string | null;
  /** The closing message asks for a decision: answer with `runs.reply`. */
  needs_reply: boolean;
  needs_reply_count?: number | null;
  delivery_channel?: string;
  output_data: JsonObject | null;
  message_count: number;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  /** Decimal string; `null` until cost is recorded. */
  cost_usd: string | null;
}

/** One message of `runs.messages`, ordered by `sequence`. */
export interface RunMessage {
  id: number;
  run_id: number;
  sequence: number;
  role: "user" | "assistant" | (string & {});
  content: string;
  content_blocks: JsonObject[] | null;
  event_metadata: JsonObject | null;
  created_at: string;
  input_tokens?: number | null;
  output_tokens?: number | null;
  execution_time_ms?: number | null;
  error_message?: string | null;
}

/** `runs.check`: counts and timestamps to compare between polls; any change means news. */
export interface RunCheck {
  total_count: number;
  latest_run_id: number | null;
  awaiting_count: number;
  latest_change_at: string | null;
  roster_count?: number;
  roster_change_at?: string | null;
  teams_count?: number;
  teams_change_at?: string | null;
}

/** `runs.needsYou`: `items` is capped, so decide on `count`. */
export interface NeedsYou {
  count: number;
  items: Array<{ run_id: number; title: string; mate_name: string }>;
}

export interface RunActivity {
  id: number;
  status: RunStatus | (string & {});
  created_at: string;
  task_id?: number | null;
  last_activity_at?: string | null;
  error_code?: string | null;
  next_retry_at?: string | null;
  cancelled_at?: string | null;
  needs_reply?: boolean;
}
/** `runs.activity`: per visible teammate, its live and waiting runs and its latest settled one. */
export interface RunActivitySnapshot { data: Array<{ agent_id: number; runs: RunActivity[] }> }

export interface RunShare { share_token: string; share_url: string }

export interface PermissionRequest {
  request_id: string;
  /** `"AskUserQuestion"` for a question gate. */
  tool_name: string;
  tool_input: JsonObject | null;
  status: "pending" | "allowed" | "denied" | "resolved" | (string & {});
  created_at: string;
  resolved_at: string | null;
}

export interface RunFile { name: string; size: number }
export interface AnswerResult { status: string; resumed: boolean }

export interface Task {
  id: number;
  teammate_id: number;
  name: string | null;
  instructions: string;
  tools: string[] | null;
  expected_output: string | null;
  goals: string | null;
  user_id: string | null;
  status: string;
  created_at: string;
  updated_at: string | null;
}

export type TriggerType = "schedule" | "webhook" | "email";
export interface Trigger {
  id: number;
  type: TriggerType | (string & {});
  enabled: boolean;
  cron: string | null;
  interval_seconds: number | null;
  /** SDK 4.49: a one-shot schedule's moment (ISO 8601). */
  run_at?: string | null;
  task_id?: number | null;
  timezone: string;
  next_run: string | null;
  url: string | null;
  address: string | null;
}

export interface App { name: string; display_name: string; category: string; connected: boolean }
export interface AppConnection { authorization_url: string; connection_id: string }
export interface AppConnectionStatus { status: string; app: string }

export type MemoryAudience = "personal" | "company";
export interface Memory {
  id: number;
  /** `null` for the account scope. */
  user_id: string | null;
  content: string;
  source: string;
  created_at: string;
  /** SDK 4.49; `null` is unclassified. */
  audience?: MemoryAudience | null;
  /** SDK 4.49: `personal`, `company`, `teammate` or `account`. */
  scope?: string;
}
export interface PermissionPolicy {
  id: number;
  /** `null` for the account scope (SDK 4.49). */
  user_id: string | null;
  tool_name: string;
  created_at: string;
}

/** `tasks.lessons.*`: a task's lessons and how much of its capacity they use. */
export interface Lesson {
  id: string;
  text: string;
  when_applicable: string;
  created_at: string;
  last_reaffirmed_at: string;
  source_run_id?: number | null;
  reaffirm_count?: number;
}
export interface LessonList { data: Lesson[]; capacity_used: number; capacity_limit: number }

/** `users.usage`: one end user's usage this billing period. */
export interface EndUserUsage {
  id: number;
  user_id: string;
  runs_used: number;
  /** Decimal string. */
  cost_used: string;
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
  last_active_at: string | null;
  runs_limit: number | null;
  cost_limit_cents: number | null;
  period_end: string;
  rate_per_minute?: number | null;
}

export interface EndUser {
  id: number;
  user_id: string;
  name: string | null;
  email: string | null;
  company: string | null;
  metadata: JsonObject | null;
  created_at: string;
  updated_at: string | null;
}

export type WebhookEventName = "run.started" | "run.completed" | "run.failed" | "run.cancelled" | "run.awaiting_input";
export interface Webhook {
  id: number;
  url: string;
  events: string[];
  /** In full when created or rotated, masked (`"a1b2..."`) otherwise. */
  secret: string | null;
  active: boolean;
  created_at: string;
  updated_at: string | null;
}
export interface WebhookDelivery {
  id: number;
  webhook_endpoint_id: number;
  event_type: string;
  event_id: string;
  run_id: number;
  status: string;
  response_status_code: number | null;
  response_body: string | null;
  attempts: number;
  next_retry_at: string | null;
  created_at: string;
}
/** The body m8tes POSTs to a webhook endpoint (D11). */
export interface WebhookEvent {
  event_id: string;
  event: WebhookEventName | (string & {});
  created_at: string;
  run_id: number;
  data: Run;
}

export interface Settings {
  company_research: boolean;
  /** SDK 4.49: per-end-user monthly caps; `null` is no cap. */
  per_end_user_run_limit?: number | null;
  per_end_user_cost_limit_cents?: number | null;
  per_end_user_rate_per_minute?: number | null;
  retention_mode?: "standard" | "metadata_only" | (string & {});
  /** Strict multi-tenant mode: a call without `user_id` is refused (422). */
  require_end_user_id?: boolean;
  approval_email_enabled?: boolean;
  approval_slack_enabled?: boolean;
  result_email_enabled?: boolean;
  result_slack_enabled?: boolean;
}
export interface Usage {
  plan: string;
  runs_used: number;
  runs_limit: number;
  /** Decimal string. */
  cost_used: string;
  cost_limit: string;
  period_end: string;
  subscription_status: string | null;
}

// ---------------------------------------------------------------- parameters

export interface TeammateCreateParams {
  name: string;
  tools?: string[];
  instructions?: string;
  role?: string;
  goals?: string;
  user_id?: string;
  metadata?: JsonObject;
  allowed_senders?: string[];
  /** SDK 4.49: give it an inbound email address at once. */
  email_inbox?: boolean;
}
export type TeammateUpdateParams = Partial<Omit<TeammateCreateParams, "user_id" | "email_inbox">>;
export interface ListParams { limit?: number; starting_after?: number }
export interface TeammateListParams extends ListParams {
  user_id?: string;
  /** Archived (deleted) teammates too. */
  include_archived?: boolean;
}
export interface OptionalUserScope { user_id?: string }
export interface TeammateResetParams extends OptionalUserScope {
  /** The overrides to clear; all of them when absent. */
  fields?: string[];
}
export interface WebhookEnabledParams extends OptionalUserScope { enabled: boolean }

export interface RunCreateBase {
  message: string;
  teammate_id?: number;
  tools?: string[];
  name?: string;
  instructions?: string;
  user_id?: string;
  metadata?: JsonObject;
  memory?: boolean;
  history?: boolean;
  human_in_the_loop?: boolean;
  permission_mode?: PermissionMode;
  /** A JSON Schema (`"type": "object"`, definitions inlined): the result comes back as `output_data`. */
  output_schema?: JsonObject;
  /** Files the agent can read; the run is then created with `POST /runs/with-files`. */
  files?: RunFileUpload[];
}
/** A file to attach: a `File`, or a name with its bytes or text (typed from the name unless `type` says). */
export type RunFileUpload = File | { name: string; data: Blob | Uint8Array | ArrayBuffer | string; type?: string };
export interface RunStreamParams {
  stream?: true;
  /** Throw RunFailedError once the stream ends with errors. */
  raiseOnError?: boolean;
}
export interface RunReplyParams { message: string }
export interface RunListParams extends ListParams {
  teammate_id?: number;
  /** One task's run history. */
  task_id?: number;
  /** Without it, the account scope (runs of no end user). */
  user_id?: string;
  status?: RunStatus;
  /** `created` (newest first, the default) or `priority` (waiting on a human first). */
  sort?: "created" | "priority";
  /** `exclude` (the default), `only` or `include` archived runs. */
  archived?: "exclude" | "only" | "include";
}
/** One cursor or `tail`, never two of them (422). */
export interface RunMessagesParams {
  after_sequence?: number;
  before_sequence?: number;
  /** The newest page, oldest of it first. */
  tail?: boolean;
  limit?: number;
}
export interface RunRetryParams {
  /** Retry a run that already acted (sent a message, changed data); else 409 `retry_needs_confirmation`. */
  confirm?: boolean;
  use_credits?: boolean;
}
export interface ApproveParams { request_id: string; decision: "allow" | "deny"; remember?: boolean; reason?: string }
export interface AnswerParams { answers: { [question: string]: string | string[] }; request_id?: string }

export interface WaitOptions {
  /** Milliseconds between reads (default 2000). */
  interval?: number;
  /** Deadline in milliseconds (default 300 000), then PollTimeoutError. */
  timeout?: number;
  /** A failed run throws RunFailedError. */
  raiseOnError?: boolean;
}
export interface GateCallbacks {
  onApproval?: (request: PermissionRequest) => "allow" | "deny" | Promise<"allow" | "deny">;
  onQuestion?: (request: PermissionRequest) => AnswerParams["answers"] | Promise<AnswerParams["answers"]>;
}

export interface TaskCreateParams {
  teammate_id: number;
  instructions: string;
  name?: string;
  tools?: string[];
  expected_output?: string;
  goals?: string;
  user_id?: string;
  /** SDK 4.49: mint the task's webhook with it (the URL is on the answer). */
  webhook?: boolean;
  /** SDK 4.49: a cron schedule created with the task, all or nothing. */
  schedule?: string;
  schedule_timezone?: string;
}
export type TaskUpdateParams = Partial<Omit<TaskCreateParams, "teammate_id" | "user_id" | "webhook" | "schedule" | "schedule_timezone">>;
export interface TaskListParams extends ListParams { teammate_id?: number; user_id?: string; include_archived?: boolean }
export interface TaskRunBase {
  memory?: boolean;
  history?: boolean;
  user_id?: string;
  metadata?: JsonObject;
  human_in_the_loop?: boolean;
  permission_mode?: PermissionMode;
}
export interface TriggerCreateParams {
  type: TriggerType;
  timezone?: string;
  cron?: string;
  interval_seconds?: number;
  /** A one-shot schedule (ISO 8601) instead of `cron` or `interval_seconds`. */
  run_at?: string;
}
/** `cron`, `interval_seconds` and `run_at` exclude each other: the one given clears the others. */
export interface TriggerUpdateParams extends OptionalUserScope {
  enabled?: boolean;
  cron?: string;
  interval_seconds?: number;
  run_at?: string;
  timezone?: string;
}
export interface TriggerListParams extends ListParams { user_id?: string; type?: TriggerType | "app"; task_id?: number }

export interface AppListParams { user_id?: string }
export interface AppConnectParams { redirect_uri: string; user_id?: string }
export interface AppConnectCompleteParams { connection_id: string; user_id?: string }
/** Without `user_id`, the account scope (SDK 4.49). */
export interface UserScope { user_id?: string }
export interface UserScopedListParams extends ListParams { user_id?: string }
export interface MemoryListParams extends UserScopedListParams {
  /** Keyword filter (case-insensitive substring); never widens the scope. */
  query?: string;
}
export interface MemoryCreateParams { user_id?: string; content: string; audience?: MemoryAudience }
/** At least one of `content` and `audience`. */
export type MemoryUpdateParams = UserScope &
  ({ content: string; audience?: MemoryAudience } | { content?: string; audience: MemoryAudience });
export interface PermissionPolicyCreateParams { user_id?: string; tool: string }
export interface EndUserUsageParams extends ListParams { user_id?: string }
export interface EndUserCreateParams { user_id: string; name?: string; email?: string; company?: string; metadata?: JsonObject }
export type EndUserUpdateParams = Partial<Omit<EndUserCreateParams, "user_id">>;
export interface WebhookCreateParams { url: string; events?: WebhookEventName[] }
export interface WebhookUpdateParams { url?: string; events?: WebhookEventName[]; active?: boolean; rotate_secret?: boolean }
export interface SettingsUpdateParams {
  company_research?: boolean;
  /** A number sets a cap, `null` clears it. */
  per_end_user_run_limit?: number | null;
  per_end_user_cost_limit_cents?: number | null;
  per_end_user_rate_per_minute?: number | null;
  retention_mode?: "standard" | "metadata_only";
  require_end_user_id?: boolean;
  approval_email_enabled?: boolean;
  approval_slack_enabled?: boolean;
  result_email_enabled?: boolean;
  result_slack_enabled?: boolean;
}

// ---------------------------------------------------------------- events

interface Raw { raw: JsonObject }
type Plain<T extends string> = { type: T } & Raw;
type WithId<T extends string> = { type: T; id: string | null } & Raw;
type Delta<T extends string> = { type: T; id: string | null; delta: string } & Raw;

export type RunEvent =
  | WithId<"text-start"> | Delta<"text-delta"> | WithId<"text-end">
  | WithId<"reasoning-start"> | Delta<"reasoning-delta"> | WithId<"reasoning-end">
  | WithId<"thinking-start"> | Delta<"thinking-delta"> | WithId<"thinking-end">
  | WithId<"plan-start"> | Delta<"plan-delta"> | WithId<"plan-end">
  | ({ type: "tool-call-start"; toolCallId: string; toolName: string } & Raw)
  | ({ type: "tool-call-delta"; toolCallId: string; delta: string } & Raw)
  | ({ type: "tool-call-end"; toolCallId: string } & Raw)
  | ({ type: "tool-result-start"; toolCallId: string } & Raw)
  | ({ type: "tool-result-delta"; toolCallId: string; delta: string } & Raw)
  | ({ type: "tool-result-end"; toolCallId: string; result: JsonValue } & Raw)
  | ({ type: "todo-update"; toolCallId: string | null; todos: JsonObject[] } & Raw)
  | ({ type: "message-start" | "message-end"; messageId: string | null } & Raw)
  | Plain<"message-delta" | "source-url" | "source-document">
  | ({ type: "metadata"; payload: JsonObject & { run_id?: number; usage?: JsonObject } } & Raw)
  | ({
      type: "run_metrics";
      execution_time_ms: number | null;
      input_tokens_used: number | null;
      output_tokens_used: number | null;
      claude_token_cost_usd: number | null;
      stop_reason: string | null;
      completion_state: string | null;
      unresolved_tool_use_ids: string[];
    } & Raw)
  | ({ type: "sandbox_metrics"; sandbox_execution_time_ms: number | null } & Raw)
  | ({ type: "sandbox-connecting"; message: string | null } & Raw)
  | ({ type: "sandbox-connected"; sandbox_id: string | null; duration_ms: number | null; message: string | null } & Raw)
  | ({ type: "error"; error: string; error_code?: string | null } & Raw)
  | ({ type: "done"; completion_state: string | null; unresolved_tool_use_ids: string[]; stop_reason: string | null } & Raw)
  | Plain<
      | "permission_request" | "permission_resolved" | "awaiting_approval" | "cancelled"
      | "mcp_error" | "mcp_auth_failed" | "rate_limit" | "desktop-ready" | "task_notification"
      | "thinking" | "reasoning" | "plan_delta"
      | "message_delta" | "content_block_start" | "content_block_delta" | "content_block_stop"
    >
  | ({
      type:
        | "sdk_error" | "AGENT_RUNNER_DIED" | "RUNNER_LIFECYCLE_ERROR" | "SANDBOX_BOOT_TIMEOUT"
        | "SANDBOX_QUOTA_EXHAUSTED" | "SANDBOX_UNAVAILABLE" | "SNAPSHOT_VERSION_MISMATCH";
      /** `"<type>: <raw.error or raw.message or type>"`. */
      message: string;
    } & Raw)
  | Plain<"unknown">;

export type RunEventType = RunEvent["type"];

// ---------------------------------------------------------------- streams and pages

export declare class RunStream implements AsyncIterable<RunEvent> {
  private constructor();
  /** The text of every `text-delta` so far. */
  readonly text: string;
  /** From the response's `X-Run-Id` once it has begun, else the first `metadata` event; `null` before. */
  readonly runId: number | null;
  /** The response's `X-Request-Id` once it has begun (after `started()`), else `null`. */
  readonly requestId: string | null;
  /** Resolves once the response has begun, before any event, to `runId`; a failed request still resolves (the first read throws). */
  started(): Promise<number | null>;
  readonly errors: string[];
  readonly hasErrors: boolean;
  [Symbol.asyncIterator](): AsyncIterator<RunEvent>;
  textStream(): AsyncIterable<string>;
  finalText(): Promise<string>;
  /** SSE bytes, to hand to a Worker's `new Response(...)`. */
  toReadableStream(): ReadableStream<Uint8Array>;
  /** Stops the request; the iteration ends without an error. */
  abort(): void;
  [Symbol.asyncDispose](): Promise<void>;
}

export declare class Page<T> implements Iterable<T> {
  private constructor();
  readonly data: T[];
  readonly has_more: boolean;
  readonly next_starting_after: number | string | null;
  hasNextPage(): boolean;
  getNextPage(): PagePromise<T>;
  [Symbol.iterator](): Iterator<T>;
}

/** An object result carries the id of the request it came from, not enumerable (`_request_id`). */
export type WithRequestId<T> = T extends object ? T & { readonly _request_id?: string | null } : T;

/**
 * What a method returns: await it for the result, or ask for the `Response` behind it. The
 * request goes out at the call. (The `*AndWait`, `wait` and `poll` helpers span many requests
 * and return plain promises.)
 */
export declare class APIPromise<T> extends Promise<WithRequestId<T>> {
  protected constructor();
  /** The `Response` as the server sent it (after retries), its body unread. */
  asResponse(): Promise<Response>;
  /** The result, the `Response` (body read) and its `X-Request-Id`. */
  withResponse(): Promise<{ data: WithRequestId<T>; response: Response; request_id: string | null }>;
}

export declare class PagePromise<T> extends APIPromise<Page<T>> implements AsyncIterable<T> {
  private constructor();
  autoPagingIter(): AsyncIterableIterator<T>;
  [Symbol.asyncIterator](): AsyncIterator<T>;
}

// ---------------------------------------------------------------- resources

export interface Teammates {
  create(params: TeammateCreateParams, options?: RequestOptions): APIPromise<Teammate>;
  list(params?: TeammateListParams, options?: RequestOptions): PagePromise<Teammate>;
  get(id: number, options?: RequestOptions): APIPromise<Teammate>;
  update(id: number, params: TeammateUpdateParams, options?: RequestOptions): APIPromise<Teammate>;
  delete(id: number, options?: RequestOptions): APIPromise<void>;
  enableWebhook(id: number, options?: RequestOptions): APIPromise<TeammateWebhook>;
  disableWebhook(id: number, options?: RequestOptions): APIPromise<void>;
  enableEmailInbox(id: number, options?: RequestOptions): APIPromise<EmailInbox>;
  disableEmailInbox(id: number, options?: RequestOptions): APIPromise<void>;
  /** Pauses or resumes the webhook without rotating its token: the URL survives. */
  setWebhookEnabled(id: number, enabled: boolean | WebhookEnabledParams, options?: RequestOptions): APIPromise<TeammateWebhook>;
  /** Pauses the teammate (its schedules stop) without archiving it. */
  disable(id: number, params?: OptionalUserScope, options?: RequestOptions): APIPromise<Teammate>;
  /** Resumes a paused teammate and re-arms the schedules the pause stopped. */
  enable(id: number, params?: OptionalUserScope, options?: RequestOptions): APIPromise<Teammate>;
  /** Restores an archived teammate; it comes back paused. */
  unarchive(id: number, params?: OptionalUserScope, options?: RequestOptions): APIPromise<Teammate>;
  /** Clears template overrides; resolves to the fields cleared. */
  reset(id: number, params?: TeammateResetParams, options?: RequestOptions): APIPromise<string[]>;
  systemPrompt(id: number, params?: OptionalUserScope, options?: RequestOptions): APIPromise<AgentSystemPrompt>;
}

export interface Runs {
  create(params: RunCreateBase & { stream: false }, options?: RequestOptions): APIPromise<Run>;
  create(params: RunCreateBase & RunStreamParams, options?: RequestOptions): RunStream;
  reply(runId: number, params: RunReplyParams & { stream: false }, options?: RequestOptions): APIPromise<Run>;
  reply(runId: number, params: RunReplyParams & RunStreamParams, options?: RequestOptions): RunStream;
  /** Rejoins a live run: its whole history, then live events. */
  stream(runId: number, options?: RequestOptions & { raiseOnError?: boolean }): RunStream;
  streamText(params: RunCreateBase, options?: RequestOptions): AsyncIterable<string>;
  /** `create` with `POST /runs/with-files` even when `files` is empty. */
  createWithFiles(params: RunCreateBase & { stream: false }, options?: RequestOptions): APIPromise<Run>;
  createWithFiles(params: RunCreateBase & RunStreamParams, options?: RequestOptions): RunStream;
  /** The result without the transcript: summary, structured output, cost. */
  outcome(id: number, options?: RequestOptions): APIPromise<RunOutcome>;
  /** The transcript by `sequence`. */
  messages(id: number, params?: RunMessagesParams, options?: RequestOptions): APIPromise<RunMessage[]>;
  /** Counts to compare between polls instead of re-listing. */
  check(params?: OptionalUserScope, options?: RequestOptions): APIPromise<RunCheck>;
  /** The runs waiting on a human. */
  needsYou(params?: OptionalUserScope, options?: RequestOptions): APIPromise<NeedsYou>;
  activity(params?: OptionalUserScope, options?: RequestOptions): APIPromise<RunActivitySnapshot>;
  /** Retries a failed or cancelled run: resolves to the NEW run (or the retry already in flight). */
  retry(id: number, params?: RunRetryParams, options?: RequestOptions): APIPromise<Run>;
  /** Hides the run from the default list (idempotent). */
  archive(id: number, options?: RequestOptions): APIPromise<Run>;
  unarchive(id: number, options?: RequestOptions): APIPromise<Run>;
  markViewed(id: number, params?: OptionalUserScope, options?: RequestOptions): APIPromise<Run>;
  /** A public read-only link, the same on every call. */
  share(id: number, options?: RequestOptions): APIPromise<RunShare>;
  /** Revokes the link; the old URL 404s at once. */
  unshare(id: number, options?: RequestOptions): APIPromise<void>;
  get(id: number, options?: RequestOptions): APIPromise<Run>;
  list(params?: RunListParams, options?: RequestOptions): PagePromise<Run>;
  cancel(id: number, options?: RequestOptions): APIPromise<Run>;
  updatePermissionMode(
    id: number,
    mode: PermissionMode | { permission_mode: PermissionMode },
    options?: RequestOptions,
  ): APIPromise<{ permission_mode: PermissionMode }>;
  permissions(id: number, options?: RequestOptions): APIPromise<PermissionRequest[]>;
  approve(id: number, params: ApproveParams, options?: RequestOptions): APIPromise<PermissionRequest>;
  answer(id: number, params: AnswerParams, options?: RequestOptions): APIPromise<AnswerResult>;
  listFiles(id: number, options?: RequestOptions): APIPromise<RunFile[]>;
  downloadFile(id: number, filename: string, options?: RequestOptions): APIPromise<Uint8Array>;
  poll(runId: number, wait?: WaitOptions, options?: RequestOptions): Promise<Run>;
  wait(runId: number, wait?: WaitOptions & GateCallbacks, options?: RequestOptions): Promise<Run>;
  createAndWait(
    params: RunCreateBase & GateCallbacks & { raiseOnError?: boolean },
    wait?: WaitOptions & GateCallbacks,
    options?: RequestOptions,
  ): Promise<Run>;
  replyAndWait(
    runId: number,
    params: RunReplyParams & GateCallbacks & { raiseOnError?: boolean },
    wait?: WaitOptions & GateCallbacks,
    options?: RequestOptions,
  ): Promise<Run>;
}

export interface TaskTriggers {
  create(taskId: number, params: TriggerCreateParams, options?: RequestOptions): APIPromise<Trigger>;
  list(taskId: number, options?: RequestOptions): PagePromise<Trigger>;
  /** Pauses or resumes, or reshapes the schedule in place. */
  update(taskId: number, triggerId: number, params: TriggerUpdateParams, options?: RequestOptions): APIPromise<Trigger>;
  delete(taskId: number, triggerId: number, options?: RequestOptions): APIPromise<void>;
}

/** What a task's agent has learned for its future runs; every call resolves to the list left. */
export interface TaskLessons {
  list(taskId: number, options?: RequestOptions): APIPromise<LessonList>;
  delete(taskId: number, lessonId: string, options?: RequestOptions): APIPromise<LessonList>;
  clear(taskId: number, options?: RequestOptions): APIPromise<LessonList>;
}

export interface Tasks {
  create(params: TaskCreateParams, options?: RequestOptions): APIPromise<Task>;
  list(params?: TaskListParams, options?: RequestOptions): PagePromise<Task>;
  get(id: number, options?: RequestOptions): APIPromise<Task>;
  update(id: number, params: TaskUpdateParams, options?: RequestOptions): APIPromise<Task>;
  delete(id: number, options?: RequestOptions): APIPromise<void>;
  run(taskId: number, params: TaskRunBase & { stream: false }, options?: RequestOptions): APIPromise<Run>;
  run(taskId: number, params?: TaskRunBase & RunStreamParams, options?: RequestOptions): RunStream;
  /** Runs the task and waits for the end; a run still going at the deadline is cancelled, then PollTimeoutError. */
  runAndWait(
    taskId: number,
    params?: TaskRunBase & GateCallbacks & { raiseOnError?: boolean },
    wait?: WaitOptions & GateCallbacks,
    options?: RequestOptions,
  ): Promise<Run>;
  /** Mints (or rotates) the task's webhook URL. */
  enableWebhook(id: number, options?: RequestOptions): APIPromise<TeammateWebhook>;
  /** Pauses or resumes the webhook without rotating its token (needs one: 400 otherwise). */
  setWebhookEnabled(id: number, enabled: boolean | WebhookEnabledParams, options?: RequestOptions): APIPromise<TeammateWebhook>;
  disableWebhook(id: number, options?: RequestOptions): APIPromise<void>;
  readonly triggers: TaskTriggers;
  readonly lessons: TaskLessons;
}

export interface Apps {
  list(params?: AppListParams, options?: RequestOptions): PagePromise<App>;
  connect(app: string, params: AppConnectParams, options?: RequestOptions): APIPromise<AppConnection>;
  connectComplete(app: string, params: AppConnectCompleteParams, options?: RequestOptions): APIPromise<AppConnectionStatus>;
  disconnect(app: string, params?: AppListParams, options?: RequestOptions): APIPromise<void>;
}

export interface Memories {
  create(params: MemoryCreateParams, options?: RequestOptions): APIPromise<Memory>;
  list(params?: MemoryListParams, options?: RequestOptions): PagePromise<Memory>;
  /** Corrects the content, the audience, or both, in place. */
  update(id: number, params: MemoryUpdateParams, options?: RequestOptions): APIPromise<Memory>;
  delete(id: number, params?: UserScope, options?: RequestOptions): APIPromise<void>;
}

export interface PermissionPolicies {
  create(params: PermissionPolicyCreateParams, options?: RequestOptions): APIPromise<PermissionPolicy>;
  list(params?: UserScopedListParams, options?: RequestOptions): PagePromise<PermissionPolicy>;
  delete(id: number, params?: UserScope, options?: RequestOptions): APIPromise<void>;
}

export interface Users {
  create(params: EndUserCreateParams, options?: RequestOptions): APIPromise<EndUser>;
  list(params?: ListParams, options?: RequestOptions): PagePromise<EndUser>;
  get(userId: string, options?: RequestOptions): APIPromise<EndUser>;
  update(userId: string, params: EndUserUpdateParams, options?: RequestOptions): APIPromise<EndUser>;
  delete(userId: string, options?: RequestOptions): APIPromise<void>;
  /** Usage this billing period, per end user (or of one). */
  usage(params?: EndUserUsageParams, options?: RequestOptions): PagePromise<EndUserUsage>;
}

export interface Webhooks_ {
  create(params: WebhookCreateParams, options?: RequestOptions): APIPromise<Webhook>;
  list(params?: ListParams, options?: RequestOptions): PagePromise<Webhook>;
  get(id: number, options?: RequestOptions): APIPromise<Webhook>;
  update(id: number, params: WebhookUpdateParams, options?: RequestOptions): APIPromise<Webhook>;
  delete(id: number, options?: RequestOptions): APIPromise<void>;
  listDeliveries(id: number, params?: ListParams, options?: RequestOptions): PagePromise<WebhookDelivery>;
}

export declare class M8tes {
  /** Throws AuthenticationError when no API key is given nor in the environment. */
  constructor(options?: ClientOptions);
  readonly teammates: Teammates;
  /** The same object as `teammates`. */
  readonly agents: Teammates;
  readonly runs: Runs;
  readonly tasks: Tasks;
  readonly apps: Apps;
  readonly memories: Memories;
  readonly permissions: PermissionPolicies;
  readonly users: Users;
  readonly webhooks: Webhooks_;
  /** The account's triggers across tasks. */
  readonly triggers: { list(params?: TriggerListParams, options?: RequestOptions): PagePromise<Trigger> };
  readonly settings: {
    get(options?: RequestOptions): APIPromise<Settings>;
    update(params: SettingsUpdateParams, options?: RequestOptions): APIPromise<Settings>;
  };
  readonly auth: {
    getUsage(options?: RequestOptions): APIPromise<Usage>;
    /** Whether the account's email is verified. */
    isVerified(options?: RequestOptions): APIPromise<boolean>;
    /** Sends the verification link again; resolves to the server's confirmation sentence. */
    resendVerify(options?: RequestOptions): APIPromise<string>;
  };
}

/** The answer of `POST /token`: a fresh key for the account. */
export interface ApiKeyGrant {
  api_key: string;
  email: string;
  message: string;
}

/**
 * `POST /token` (wire.md §2.11): trades an account's email and password for a new API key;
 * the account's earlier keys stop working. Sends no API key and is never retried.
 */
/** `POST /signup`: a new account and its first API key (no key needed). A taken email is a ConflictError. */
export declare function signup(
  params: { email: string; password: string; first_name: string; last_name?: string },
  options?: Omit<ClientOptions, "apiKey"> & Pick<RequestOptions, "signal">,
): Promise<ApiKeyGrant>;

export declare function getToken(
  params: { email: string; password: string },
  options?: Omit<ClientOptions, "apiKey"> & Pick<RequestOptions, "signal">,
): Promise<ApiKeyGrant>;

// ---------------------------------------------------------------- webhooks

export type WebhookBody = string | Uint8Array | ArrayBuffer;
export type WebhookHeaders = Headers | { [name: string]: string | undefined };
export interface SignedHeaders {
  "Webhook-Id": string;
  "Webhook-Timestamp": string;
  "Webhook-Signature": string;
}

export declare const Webhooks: {
  /** `true` only for an authentic delivery; never throws. Tolerance off unless given. */
  verifySignature(args: { body: WebhookBody; headers: WebhookHeaders; secret: string; toleranceSeconds?: number }): boolean;
  /** The parsed event, or throws WebhookVerificationError (300 s tolerance by default). */
  unwrap(body: WebhookBody, headers: WebhookHeaders, secret: string, options?: { toleranceSeconds?: number }): WebhookEvent;
  /** The three headers of a delivery, for tests. */
  sign(args: { body: WebhookBody; secret: string; id?: string; timestamp?: number }): SignedHeaders;
};

// ---------------------------------------------------------------- errors

export declare class M8tesError extends Error {}

export declare class APIError extends M8tesError {
  /** The HTTP status of the response; `null` for a request refused before sending. */
  readonly status: number | null;
  readonly requestId: string | null;
  readonly code: string | null;
  readonly errorCode: string | null;
  readonly details: JsonObject;
  readonly docUrl: string | null;
  readonly method: string | null;
  readonly path: string | null;
  /** Response headers, names lower-cased. */
  readonly headers: { [name: string]: string };
}
/** 400 or 422; also a request refused before sending (a bad path segment), then `status` is null. */
export declare class ValidationError extends APIError {}
/** 401; also a client with no API key (nothing sent), then `status` is null. */
export declare class AuthenticationError extends APIError {}
export declare class BillingError extends APIError { readonly status: number }
export declare class PermissionDeniedError extends APIError { readonly status: number }
export declare class NotFoundError extends APIError { readonly status: number }
/** 409; also a replayed run-creating stream whose run has ended (then `status` is null). */
export declare class ConflictError extends APIError {
  /** On that replay: the run the Idempotency-Key already created. */
  readonly runId?: number;
}
export declare class RateLimitError extends APIError {
  readonly status: number;
  /** Seconds, from `Retry-After`. */
  readonly retryAfter: number | null;
}
export declare class InternalServerError extends APIError { readonly status: number }
export declare class APIConnectionError extends M8tesError {}
export declare class APITimeoutError extends M8tesError {
  readonly timeout: number;
}
export declare class APIUserAbortError extends M8tesError {}
export declare class RunFailedError extends M8tesError {
  readonly runId: number | null;
  readonly errors: string[];
}
export declare class PollTimeoutError extends M8tesError {
  readonly runId: number | string | null;
  readonly timeout: number;
}
export declare class StreamInterruptedError extends M8tesError {
  /** Rejoin with `client.runs.stream(runId)`. */
  readonly runId: number | null;
}
export type WebhookVerificationReason =
  | "missing_header" | "invalid_timestamp" | "timestamp_too_old" | "timestamp_in_future" | "signature_mismatch" | "invalid_body";
export declare class WebhookVerificationError extends M8tesError {
  readonly reason: WebhookVerificationReason;
}
