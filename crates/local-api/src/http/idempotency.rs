//! `Idempotency-Key` on the run-creating POSTs (D6): the first request with a key makes the
//! run; a repeat with the same request replays it (`Idempotent-Replay: true`); the same key
//! with a different request is a 409 `idempotency_key_reuse`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rusqlite::Connection;

use crate::http::error::{ApiError, ApiResult};
use crate::store::idempotency::{self, Earlier};

/// Keys longer than this are refused rather than stored.
pub const MAX_KEY_LEN: usize = 255;

/// The request's `Idempotency-Key`, if it sent one.
pub struct IdempotencyKey(pub Option<String>);

impl<S: Send + Sync> FromRequestParts<S> for IdempotencyKey {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, ApiError> {
        let Some(value) = parts.headers.get("idempotency-key") else { return Ok(Self(None)) };
        let key = value
            .to_str()
            .map_err(|_| ApiError::validation("Idempotency-Key must be printable ASCII"))?
            .trim();
        if key.is_empty() || key.len() > MAX_KEY_LEN {
            return Err(ApiError::validation(format!(
                "Idempotency-Key must be 1 to {MAX_KEY_LEN} characters"
            )));
        }
        Ok(Self(Some(key.to_owned())))
    }
}

/// The run an earlier request with `key` made, if the request is the same; a 409 if not.
pub fn replayed_run(
    conn: &Connection,
    account_id: i64,
    key: &str,
    fingerprint: &str,
) -> ApiResult<Option<i64>> {
    match idempotency::earlier(conn, account_id, key, fingerprint)? {
        Earlier::None => Ok(None),
        Earlier::Same(run_id) => Ok(Some(run_id)),
        Earlier::Different => Err(ApiError::conflict(
            "This Idempotency-Key was already used with a different request; use a new key",
        )
        .with_error_code("idempotency_key_reuse")),
    }
}
