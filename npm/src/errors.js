// The error classes of js-api.md. `name` is set explicitly (a minifier renames classes), and
// the wasm core builds its errors through `makeError`, so every rejection is one of these.

export class M8tesError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "M8tesError";
    if (fields) Object.assign(this, fields);
  }
}

export class APIError extends M8tesError {
  constructor(message, fields) {
    super(message);
    this.name = "APIError";
    this.status = null;
    this.requestId = null;
    this.code = null;
    this.errorCode = null;
    this.details = {};
    this.docUrl = null;
    this.method = null;
    this.path = null;
    this.headers = {};
    if (fields) Object.assign(this, fields);
  }
}

export class ValidationError extends APIError {
  constructor(m, f) { super(m, f); this.name = "ValidationError"; }
}
export class AuthenticationError extends APIError {
  constructor(m, f) { super(m, f); this.name = "AuthenticationError"; }
}
export class BillingError extends APIError {
  constructor(m, f) { super(m, f); this.name = "BillingError"; }
}
export class PermissionDeniedError extends APIError {
  constructor(m, f) { super(m, f); this.name = "PermissionDeniedError"; }
}
export class NotFoundError extends APIError {
  constructor(m, f) { super(m, f); this.name = "NotFoundError"; }
}
export class ConflictError extends APIError {
  constructor(m, f) { super(m, f); this.name = "ConflictError"; }
}
export class RateLimitError extends APIError {
  constructor(m, f) {
    super(m);
    this.name = "RateLimitError";
    this.retryAfter = null;
    if (f) Object.assign(this, f);
  }
}
export class InternalServerError extends APIError {
  constructor(m, f) { super(m, f); this.name = "InternalServerError"; }
}
export class APIConnectionError extends M8tesError {
  constructor(m, f) { super(m, f); this.name = "APIConnectionError"; }
}
export class APITimeoutError extends M8tesError {
  constructor(m, f) { super(m, f); this.name = "APITimeoutError"; }
}
export class APIUserAbortError extends M8tesError {
  constructor(m, f) { super(m, f); this.name = "APIUserAbortError"; }
}
export class RunFailedError extends M8tesError {
  constructor(m, f) {
    super(m);
    this.name = "RunFailedError";
    this.runId = null;
    this.errors = [];
    if (f) Object.assign(this, f);
  }
}
export class PollTimeoutError extends M8tesError {
  constructor(m, f) {
    super(m);
    this.name = "PollTimeoutError";
    this.runId = null;
    if (f) Object.assign(this, f);
  }
}
export class StreamInterruptedError extends M8tesError {
  constructor(m, f) {
    super(m);
    this.name = "StreamInterruptedError";
    this.runId = null;
    if (f) Object.assign(this, f);
  }
}
export class WebhookVerificationError extends M8tesError {
  constructor(m, f) { super(m, f); this.name = "WebhookVerificationError"; }
}

// Keyed by the names the Rust core uses (`ClientError::class_name`); a minifier leaves
// string keys alone.
const CLASSES = {
  APIError, ValidationError, AuthenticationError, BillingError, PermissionDeniedError,
  NotFoundError, ConflictError, RateLimitError, InternalServerError, APIConnectionError,
  APITimeoutError, APIUserAbortError, RunFailedError, PollTimeoutError,
  StreamInterruptedError, WebhookVerificationError,
};

export function makeError(name, message, fieldsJson) {
  const Class = CLASSES[name] ?? M8tesError;
  return new Class(message, JSON.parse(fieldsJson));
}
