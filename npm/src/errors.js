// The error classes of js-api.md. `name` is set explicitly (a minifier renames classes), and
// the wasm core builds its errors through `makeError`, so every rejection is one of these.

export class M8tesError extends Error {
  constructor(message, fields) {
    super(message);
    this.name = "M8tesError";
    if (fields) Object.assign(this, fields);
  }
}

/**
 * A subclass of `Parent` called `name`: `err.name` and the class's own `name` are set from the
 * string, since a minifier renames classes. `defaults()` gives the fields every instance has
 * (null until the core's `fields` fill them in); a function, so no two errors share an object.
 */
function errorClass(name, Parent, defaults) {
  const Class = class extends Parent {
    constructor(message, fields) {
      super(message);
      this.name = name;
      Object.assign(this, defaults?.(), fields);
    }
  };
  Object.defineProperty(Class, "name", { value: name });
  return Class;
}

export const APIError = errorClass("APIError", M8tesError, () => ({
  status: null,
  requestId: null,
  code: null,
  errorCode: null,
  details: {},
  docUrl: null,
  method: null,
  path: null,
  headers: {},
}));
export const ValidationError = errorClass("ValidationError", APIError);
export const AuthenticationError = errorClass("AuthenticationError", APIError);
export const BillingError = errorClass("BillingError", APIError);
export const PermissionDeniedError = errorClass("PermissionDeniedError", APIError);
export const NotFoundError = errorClass("NotFoundError", APIError);
export const ConflictError = errorClass("ConflictError", APIError);
export const RateLimitError = errorClass("RateLimitError", APIError, () => ({ retryAfter: null }));
export const InternalServerError = errorClass("InternalServerError", APIError);
export const APIConnectionError = errorClass("APIConnectionError", M8tesError);
export const APITimeoutError = errorClass("APITimeoutError", M8tesError);
export const APIUserAbortError = errorClass("APIUserAbortError", M8tesError);
export const RunFailedError = errorClass("RunFailedError", M8tesError, () => ({ runId: null, errors: [] }));
export const PollTimeoutError = errorClass("PollTimeoutError", M8tesError, () => ({ runId: null }));
export const StreamInterruptedError = errorClass("StreamInterruptedError", M8tesError, () => ({ runId: null }));
export const WebhookVerificationError = errorClass("WebhookVerificationError", M8tesError);

// Keyed by the names the Rust core uses (`ClientError::class_name`); a minifier leaves
// string keys alone.
const CLASSES = {
  APIError, ValidationError, AuthenticationError, BillingError, PermissionDeniedError,
  NotFoundError, ConflictError, RateLimitError, InternalServerError, APIConnectionError,
  APITimeoutError, APIUserAbortError, RunFailedError, PollTimeoutError,
  StreamInterruptedError, WebhookVerificationError,
};

/** The wasm core's error factory: the class's name, the message, the fields as JSON text. */
export function makeError(name, message, fieldsJson) {
  const Class = CLASSES[name] ?? M8tesError;
  return new Class(message, JSON.parse(fieldsJson));
}
