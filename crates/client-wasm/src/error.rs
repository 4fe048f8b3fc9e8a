//! Everything a call can fail with (D7). Each variant names its JavaScript class
//! (js-api.md "Errors"); the JS layer builds that class from the fields `js::errors` sets.
//! No message ever carries the API key: messages come from the server, from fixed texts here,
//! or from the host's network error, none of which see the key.

use std::fmt;

use m8tes_protocol::error::ApiErrorInfo;
use m8tes_protocol::json_text;
use m8tes_protocol::ErrorKind;

/// An error response: what the server said and which request it answered.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiFailure {
    pub info: ApiErrorInfo,
    pub method: String,
    /// Base-relative, query included.
    pub path: String,
    /// Response headers, names lower-cased.
    pub headers: Vec<(String, String)>,
    /// `Retry-After` in seconds, on any error response that has one (wire.md §9.6).
    pub retry_after: Option<f64>,
}

/// The variants of the Rust API's own I/O (no API key, connection, timeout, abort, poll
/// timeout, a callback that threw) exist with `rust-api` only: in the npm package its JS layer
/// does that I/O and raises those errors itself (D52), so its wasm carries neither their
/// texts nor their fields.
#[derive(Debug, Clone, PartialEq)]
pub enum ClientError {
    /// A non-2xx response, classed by status.
    Api(Box<ApiFailure>),
    /// Refused before sending: a bad path segment (D4) or parameters of the wrong shape.
    InvalidRequest { message: String },
    /// No API key from the options nor the environment; nothing was sent.
    #[cfg(feature = "rust-api")]
    MissingApiKey,
    /// No response: refused, reset, DNS, CORS.
    #[cfg(feature = "rust-api")]
    Connection { message: String },
    /// Nothing arrived for the request's `timeout` milliseconds.
    #[cfg(feature = "rust-api")]
    Timeout { timeout_ms: f64 },
    /// The caller's `AbortSignal` fired.
    #[cfg(feature = "rust-api")]
    UserAbort,
    /// A 2xx body that is not what the endpoint answers.
    InvalidResponse { status: u16, message: String },
    /// A replayed streaming POST whose run already ended (wire.md §9.4).
    ReplayTerminal { run_id: i64 },
    /// `raiseOnError`: the stream ended with errors, or the polled run failed.
    RunFailed { run_id: Option<i64>, errors: Vec<String> },
    /// `poll`/`wait` passed its deadline.
    #[cfg(feature = "rust-api")]
    PollTimeout { run_id: String, timeout_ms: f64 },
    /// The transport broke in the middle of a stream; `runs.stream(run_id)` rejoins.
    StreamInterrupted { run_id: Option<i64>, message: String },
    /// A caller's callback (`onApproval`, `onQuestion`) threw; passed on as it was thrown.
    #[cfg(feature = "rust-api")]
    Thrown(wasm_bindgen::JsValue),
}

pub const NO_API_KEY: &str = "No API key provided. Pass `apiKey` to the client, or set the \
M8TES_API_KEY environment variable.";

impl ClientError {
    pub fn invalid(message: impl Into<String>) -> Self {
        ClientError::InvalidRequest { message: message.into() }
    }

    /// The JavaScript class this error becomes.
    pub fn class_name(&self) -> &'static str {
        match self {
            ClientError::Api(failure) => failure.info.kind.class_name(),
            ClientError::InvalidRequest { .. } => "ValidationError",
            #[cfg(feature = "rust-api")]
            ClientError::MissingApiKey => "AuthenticationError",
            #[cfg(feature = "rust-api")]
            ClientError::Connection { .. } => "APIConnectionError",
            #[cfg(feature = "rust-api")]
            ClientError::Timeout { .. } => "APITimeoutError",
            #[cfg(feature = "rust-api")]
            ClientError::UserAbort => "APIUserAbortError",
            ClientError::InvalidResponse { .. } => "APIError",
            ClientError::ReplayTerminal { .. } => "ConflictError",
            ClientError::RunFailed { .. } => "RunFailedError",
            #[cfg(feature = "rust-api")]
            ClientError::PollTimeout { .. } => "PollTimeoutError",
            ClientError::StreamInterrupted { .. } => "StreamInterruptedError",
            #[cfg(feature = "rust-api")]
            ClientError::Thrown(_) => "Error",
        }
    }

    /// The HTTP status, where a response was read.
    pub fn status(&self) -> Option<u16> {
        match self {
            ClientError::Api(failure) => Some(failure.info.status),
            ClientError::InvalidResponse { status, .. } => Some(*status),
            _ => None,
        }
    }

    pub fn kind(&self) -> Option<ErrorKind> {
        match self {
            ClientError::Api(failure) => Some(failure.info.kind),
            _ => None,
        }
    }
}

impl ClientError {
    /// The error's message. Written by concatenation rather than `write!`: the npm wasm then
    /// carries no integer formatting or padding from `core::fmt` for these few texts.
    pub fn message(&self) -> String {
        let mut out = String::new();
        let id = |out: &mut String, id: i64| json_text::push_integer(out, id);
        match self {
            ClientError::Api(failure) => out.push_str(&failure.info.message),
            ClientError::InvalidRequest { message }
            | ClientError::InvalidResponse { message, .. } => out.push_str(message),
            #[cfg(feature = "rust-api")]
            ClientError::Connection { message } => out.push_str(message),
            #[cfg(feature = "rust-api")]
            ClientError::MissingApiKey => out.push_str(NO_API_KEY),
            #[cfg(feature = "rust-api")]
            ClientError::Timeout { timeout_ms } => {
                out.push_str("Request timed out: nothing received for ");
                json_text::push_decimal(&mut out, *timeout_ms as u64);
                out.push_str(" ms");
            }
            #[cfg(feature = "rust-api")]
            ClientError::UserAbort => out.push_str("Request was aborted."),
            #[cfg(feature = "rust-api")]
            ClientError::Thrown(value) => {
                out.push_str(&value.as_string().unwrap_or_else(|| "a callback threw".into()))
            }
            ClientError::ReplayTerminal { run_id } => {
                out.push_str("this Idempotency-Key already created run ");
                id(&mut out, *run_id);
                out.push_str(", which has ended; use a new key to start another run");
            }
            ClientError::RunFailed { run_id, errors } => {
                match run_id {
                    Some(run_id) => {
                        out.push_str("run ");
                        id(&mut out, *run_id);
                        out.push_str(" failed");
                    }
                    None => out.push_str("the run failed"),
                }
                for (index, error) in errors.iter().enumerate() {
                    out.push_str(if index == 0 { ": " } else { "; " });
                    out.push_str(error);
                }
            }
            #[cfg(feature = "rust-api")]
            ClientError::PollTimeout { run_id, timeout_ms } => {
                out.push_str("Run ");
                out.push_str(run_id);
                out.push_str(" did not complete within ");
                json_text::push_decimal(&mut out, *timeout_ms as u64);
                out.push_str(" ms");
            }
            ClientError::StreamInterrupted { run_id, message } => {
                out.push_str("the stream broke off");
                if let Some(run_id) = run_id {
                    out.push_str(" (rejoin with runs.stream(");
                    id(&mut out, *run_id);
                    out.push_str("))");
                }
                out.push_str(": ");
                out.push_str(message);
            }
        }
        out
    }
}

impl fmt::Display for ClientError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message())
    }
}

impl std::error::Error for ClientError {}

impl From<m8tes_protocol::SegmentError> for ClientError {
    fn from(err: m8tes_protocol::SegmentError) -> Self {
        ClientError::invalid(err.message())
    }
}
