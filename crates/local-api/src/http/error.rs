//! Errors as the API answers them (D7): every error is the envelope
//! `{"error":{"type","message","code","request_id",…}}`, and every response carries
//! `X-Request-Id`.
//!
//! A handler returns [`ApiError`]; it travels out in the response's extensions, and the
//! [`request_id`] middleware, which owns the request id, writes the envelope. That keeps
//! request ids out of every handler's signature.

use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use m8tes_protocol::error::ErrorEnvelope;
use m8tes_protocol::types::JsonObject;

use crate::agent::gates::GateRefusal;
use crate::agent::launch::StartError;
use crate::agent::retry::RetryRefusal;
use crate::agent::TooManyLiveRuns;
use crate::model::GateStatus;
use crate::password::HashingFailed;
use crate::rate_limit::RateLimited;
use crate::store::StoreError;

#[derive(Debug, Clone)]
pub struct ApiError {
    pub status: StatusCode,
    pub message: String,
    pub error_code: Option<String>,
    pub details: Option<JsonObject>,
    /// Seconds, sent as `Retry-After` (429).
    pub retry_after: Option<u64>,
}

pub type ApiResult<T> = Result<T, ApiError>;

/// Each error's status is chosen here, by its constructor or its `From`, and nowhere else.
impl ApiError {
    fn new(status: StatusCode, message: impl Into<String>) -> Self {
        ApiError {
            status,
            message: message.into(),
            error_code: None,
            details: None,
            retry_after: None,
        }
    }
    pub fn validation(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNPROCESSABLE_ENTITY, message)
    }
    pub fn bad_request(message: impl Into<String>) -> Self {
        Self::new(StatusCode::BAD_REQUEST, message)
    }
    pub fn unauthorized(message: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, message)
    }
    /// `what` names the resource: "teammate 12 not found".
    pub fn not_found(what: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, format!("{} not found", what.into()))
    }
    pub fn forbidden(message: impl Into<String>) -> Self {
        Self::new(StatusCode::FORBIDDEN, message)
    }
    /// A path no route matches (unlike [`not_found`](Self::not_found), the message is whole).
    pub fn no_route(message: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, message)
    }
    pub fn method_not_allowed(message: impl Into<String>) -> Self {
        Self::new(StatusCode::METHOD_NOT_ALLOWED, message)
    }
    pub fn too_large(message: impl Into<String>) -> Self {
        Self::new(StatusCode::PAYLOAD_TOO_LARGE, message)
    }
    pub fn conflict(message: impl Into<String>) -> Self {
        Self::new(StatusCode::CONFLICT, message)
    }
    pub fn internal(message: impl Into<String>) -> Self {
        Self::new(StatusCode::INTERNAL_SERVER_ERROR, message)
    }
    pub fn with_error_code(mut self, code: impl Into<String>) -> Self {
        self.error_code = Some(code.into());
        self
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let mut response = self.status.into_response();
        response.extensions_mut().insert(self);
        response
    }
}

/// A store failure is the server's fault; its text is for the log, not the caller.
impl From<rusqlite::Error> for ApiError {
    fn from(error: rusqlite::Error) -> Self {
        tracing::error!("database error: {error}");
        ApiError::internal("the local store failed; see the server log")
    }
}

impl From<HashingFailed> for ApiError {
    fn from(_: HashingFailed) -> Self {
        tracing::error!("a password hash could not be computed");
        ApiError::internal("the password could not be checked; see the server log")
    }
}

impl From<StoreError> for ApiError {
    fn from(error: StoreError) -> Self {
        match error {
            StoreError::Invalid(message) => ApiError::validation(message),
            StoreError::NotFound(what) => ApiError::not_found(what),
            StoreError::Sqlite(error) => error.into(),
        }
    }
}

impl From<StartError> for ApiError {
    fn from(error: StartError) -> Self {
        match error {
            StartError::Stopping(_) => ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "the server is stopping; no new run can start",
            ),
            StartError::Store(error) => error.into(),
        }
    }
}

/// A gate that cannot take an answer, as the codes of wire.md §9.5 say it.
impl From<GateRefusal> for ApiError {
    fn from(refusal: GateRefusal) -> Self {
        match refusal {
            GateRefusal::NotFound(request_id) => {
                ApiError::not_found(format!("permission request {request_id:?}"))
                    .with_error_code("gate_not_found")
            }
            GateRefusal::IsQuestion => ApiError::validation(
                "this request is a question: answer it with POST /runs/{id}/answer",
            ),
            GateRefusal::Closed { status, request_id } => {
                let code = if status == GateStatus::Cancelled {
                    "gate_cancelled"
                } else {
                    "gate_resolved_otherwise"
                };
                // 404 as SDK 4.49's approve() documents both (NotFoundError): the decision
                // asked for did not happen.
                ApiError::new(
                    StatusCode::NOT_FOUND,
                    format!(
                        "permission request {request_id} is already {}; this decision was not applied",
                        status.as_str()
                    ),
                )
                .with_error_code(code)
            }
            GateRefusal::NotActive { run_id } => {
                ApiError::conflict(format!("run {run_id} is not executing, so it waits on no gate"))
                    .with_error_code("run_not_active")
            }
            GateRefusal::NotAwaitingInput { run_id, status } => ApiError::conflict(format!(
                "run {run_id} is not waiting for an answer ({})",
                status.as_str()
            ))
            .with_error_code("run_not_awaiting_input"),
            GateRefusal::Invalid(message) => ApiError::validation(message),
            GateRefusal::Store(error) => error.into(),
        }
    }
}

/// A retry refused, with the codes SDK 4.49 branches on (wire.md §10.6).
impl From<RetryRefusal> for ApiError {
    fn from(refusal: RetryRefusal) -> Self {
        match refusal {
            RetryRefusal::NotRetryable { run_id, reason } => ApiError::conflict(format!(
                "run {run_id} cannot be retried ({reason}); only a failed or cancelled run can"
            ))
            .with_error_code("run_not_retryable"),
            RetryRefusal::NeedsConfirmation { run_id, tool_calls } => ApiError::conflict(format!(
                "run {run_id} already made {tool_calls} tool call(s); retrying may repeat them. \
                 Retry with ?confirm=true to proceed"
            ))
            .with_error_code("retry_needs_confirmation"),
            RetryRefusal::TooMany(refused) => refused.into(),
            RetryRefusal::Start(error) => error.into(),
        }
    }
}

impl From<RateLimited> for ApiError {
    fn from(limited: RateLimited) -> Self {
        let RateLimited { limit, retry_after } = limited;
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!("Rate limit of {limit} requests a minute reached; retry in {retry_after} s"),
        )
        .with_error_code("rate_limited");
        error.retry_after = Some(retry_after);
        error
    }
}

/// Retried after a second: a simulated turn lasts about that long.
impl From<TooManyLiveRuns> for ApiError {
    fn from(refused: TooManyLiveRuns) -> Self {
        let mut error = ApiError::new(
            StatusCode::TOO_MANY_REQUESTS,
            format!(
                "this account already has {} runs executing (the server's --max-live-runs); \
                 retry once one has finished",
                refused.limit
            ),
        )
        .with_error_code("too_many_live_runs");
        error.retry_after = Some(1);
        error
    }
}

/// Gives every request an id, answers with it in `X-Request-Id`, turns an [`ApiError`] into
/// its envelope, and marks every answer `nosniff`.
pub async fn request_id(mut request: Request, next: Next) -> Response {
    let id = format!("req_{:016x}", rand::random::<u64>());
    request.extensions_mut().insert(super::access_log::RequestId(id.clone()));
    let mut response = next.run(request).await;
    if let Some(error) = response.extensions_mut().remove::<ApiError>() {
        response = envelope(&error, &id);
    }
    if let Ok(value) = HeaderValue::from_str(&id) {
        response.headers_mut().insert("x-request-id", value);
    }
    // Every answer is typed: a browser must not sniff JSON or a run's file into HTML.
    response
        .headers_mut()
        .insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    response
}

/// The error's details, carrying its machine code as `error_code` too: SDK 4.49 reads
/// `exc.code` from `details.error_code` only (wire.md §9.6, §10.1).
fn details_of(error: &ApiError) -> Option<JsonObject> {
    let Some(code) = &error.error_code else {
        return error.details.clone();
    };
    let mut details = error.details.clone().unwrap_or_default();
    details.insert("error_code".into(), code.as_str().into());
    Some(details)
}

fn envelope(error: &ApiError, request_id: &str) -> Response {
    let mut body = ErrorEnvelope::new(error.status.as_u16(), error.message.clone(), request_id);
    body.error.error_code = error.error_code.clone();
    body.error.details = details_of(error);
    let json = serde_json::to_string(&body).unwrap_or_else(|_| "{}".into());
    let mut response = (error.status, json).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    if let Some(seconds) = error.retry_after {
        response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
    }
    response
}
