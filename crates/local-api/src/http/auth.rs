//! API keys: minted as `m8_` + 40 random hex digits, stored only as SHA-256 hashes, checked
//! on every request by the [`Account`] extractor. A key never appears in a log or an error.

use axum::extract::FromRequestParts;
use axum::http::header::AUTHORIZATION;
use axum::http::request::Parts;
use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::clock;
use crate::http::error::ApiError;
use crate::state::AppState;

/// The account a request acts for, proven by its bearer key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub key_id: i64,
}

pub fn mint_key() -> String {
    format!(
        "m8_{:016x}{:016x}{:08x}",
        rand::random::<u64>(),
        rand::random::<u64>(),
        rand::random::<u32>()
    )
}

pub fn hash_key(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Stores `key` for `account_id` (no-op when it exists); returns the key's row id.
pub fn store_key(conn: &Connection, account_id: i64, key: &str) -> rusqlite::Result<i64> {
    let hash = hash_key(key);
    conn.execute(
        "INSERT OR IGNORE INTO api_keys (account_id, key_hash, prefix, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![account_id, hash, key.chars().take(7).collect::<String>(), clock::now_iso()],
    )?;
    conn.query_row("SELECT id FROM api_keys WHERE key_hash = ?1", [hash], |row| row.get(0))
}

/// The key of an `Authorization: Bearer <key>` header. The errors say what is wrong with the
/// header and never repeat it.
fn bearer(parts: &Parts) -> Result<&str, ApiError> {
    let Some(value) = parts.headers.get(AUTHORIZATION) else {
        return Err(ApiError::unauthorized("Missing API key: send `Authorization: Bearer <key>`"));
    };
    let malformed = || {
        ApiError::unauthorized(
            "Malformed Authorization header: send `Authorization: Bearer <key>` (printable ASCII)",
        )
    };
    let value = value.to_str().map_err(|_| malformed())?;
    let (scheme, token) = value.split_once(' ').ok_or_else(malformed)?;
    let token = token.trim();
    if !scheme.eq_ignore_ascii_case("bearer") || token.is_empty() {
        return Err(malformed());
    }
    Ok(token)
}

impl FromRequestParts<AppState> for Account {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, ApiError> {
        let key = bearer(parts)?;
        let found = state
            .store
            .lock()
            .query_row(
                "SELECT account_id, id FROM api_keys WHERE key_hash = ?1 AND revoked = 0",
                [hash_key(key)],
                |row| Ok(Account { id: row.get(0)?, key_id: row.get(1)? }),
            )
            .optional()?;
        let account = found.ok_or_else(|| ApiError::unauthorized("Invalid API key"))?;
        state.rate_limiter.check(account.key_id)?;
        Ok(account)
    }
}
