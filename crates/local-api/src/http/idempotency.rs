//! `Idempotency-Key` on the run-creating POSTs (D6): the first request with a key makes the
//! run; a repeat with the same request replays it (`Idempotent-Replay: true`); the same key
//! with a different request is a 409 `idempotency_key_reuse`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::clock;
use crate::http::error::ApiError;
use crate::secret::hex;

/// Keys longer than this are refused rather than stored.
const MAX_KEY_LEN: usize = 255;

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

/// What makes two requests "the same": the route and the JSON body, compared as values (key
/// order and whitespace do not matter).
pub fn fingerprint(route: &str, body: &Value) -> String {
    let mut hasher = Sha256::new();
    hasher.update(route.as_bytes());
    hasher.update(b"\n");
    hasher.update(body.to_string().as_bytes());
    hex(&hasher.finalize())
}

/// The run an earlier request with `key` made, if the request is the same; a 409 if not.
pub fn replayed_run(
    conn: &Connection,
    account_id: i64,
    key: &str,
    fingerprint: &str,
) -> Result<Option<i64>, ApiError> {
    let found: Option<(String, i64)> = conn
        .query_row(
            "SELECT fingerprint, run_id FROM idempotency_keys WHERE account_id = ?1 AND key = ?2",
            params![account_id, key],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    match found {
        None => Ok(None),
        Some((stored, run_id)) if stored == fingerprint => Ok(Some(run_id)),
        Some(_) => Err(ApiError::conflict(
            "This Idempotency-Key was already used with a different request; use a new key",
        )
        .with_error_code("idempotency_key_reuse")),
    }
}

/// Binds `key` to the run the request made.
pub fn record(
    conn: &Connection,
    account_id: i64,
    key: &str,
    fingerprint: &str,
    run_id: i64,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO idempotency_keys (account_id, key, fingerprint, run_id, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![account_id, key, fingerprint, run_id, clock::now_iso()],
    )?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::fingerprint;
    use serde_json::json;

    #[test]
    fn key_order_does_not_change_the_fingerprint() {
        let a = json!({"message": "hi", "stream": false});
        let b: serde_json::Value =
            serde_json::from_str(r#"{ "stream":false,"message":"hi" }"#).unwrap();
        assert_eq!(fingerprint("POST /runs", &a), fingerprint("POST /runs", &b));
        assert_ne!(fingerprint("POST /runs", &a), fingerprint("POST /runs/1/reply", &a));
    }
}
