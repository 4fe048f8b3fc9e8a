//! Idempotency keys (`idempotency_keys`, D6): which run a request with a key made, and a
//! fingerprint of that request to tell a repeat from a reuse.

use rusqlite::{params, Connection, OptionalExtension};
use serde_json::Value;
use sha2::{Digest, Sha256};

use crate::clock;
use crate::secret::hex;

/// What makes two requests "the same": the route and the JSON body, compared as values (key
/// order and whitespace do not matter).
pub fn fingerprint(route: &str, body: &Value) -> String {
    let mut hasher = Sha256::new();
    hasher.update(route.as_bytes());
    hasher.update(b"\n");
    hasher.update(body.to_string().as_bytes());
    hex(&hasher.finalize())
}

/// What an earlier request with the same key made.
pub enum Earlier {
    /// Nothing: the key is new.
    None,
    /// The same request made this run.
    Same(i64),
    /// The key was used with a different request.
    Different,
}

pub fn earlier(
    conn: &Connection,
    account_id: i64,
    key: &str,
    fingerprint: &str,
) -> rusqlite::Result<Earlier> {
    let found: Option<(String, i64)> = conn
        .query_row(
            "SELECT fingerprint, run_id FROM idempotency_keys WHERE account_id = ?1 AND key = ?2",
            params![account_id, key],
            |row| Ok((row.get(0)?, row.get(1)?)),
        )
        .optional()?;
    Ok(match found {
        None => Earlier::None,
        Some((stored, run_id)) if stored == fingerprint => Earlier::Same(run_id),
        Some(_) => Earlier::Different,
    })
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
