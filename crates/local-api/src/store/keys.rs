//! API keys: minted as `m8_` + 40 random hex digits, stored only as SHA-256 hashes. A key
//! never appears in a log or an error.

use rusqlite::{params, Connection, OptionalExtension};
use sha2::{Digest, Sha256};

use crate::clock;
use crate::secret::hex;

/// The account a key belongs to, and the key's own row (what rate limits count by).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KeyOwner {
    pub account_id: i64,
    pub key_id: i64,
}

pub fn mint() -> String {
    format!(
        "m8_{:016x}{:016x}{:08x}",
        rand::random::<u64>(),
        rand::random::<u64>(),
        rand::random::<u32>()
    )
}

fn hash(key: &str) -> String {
    hex(&Sha256::digest(key.as_bytes()))
}

/// Stores `key` for `account_id` (no-op when it exists); returns the key's row id.
pub fn store(conn: &Connection, account_id: i64, key: &str) -> rusqlite::Result<i64> {
    let hash = hash(key);
    conn.execute(
        "INSERT OR IGNORE INTO api_keys (account_id, key_hash, prefix, created_at) VALUES (?1, ?2, ?3, ?4)",
        params![account_id, hash, key.chars().take(7).collect::<String>(), clock::now_iso()],
    )?;
    conn.query_row("SELECT id FROM api_keys WHERE key_hash = ?1", [hash], |row| row.get(0))
}

/// Who `key` belongs to, if it is a key that still works.
pub fn owner(conn: &Connection, key: &str) -> rusqlite::Result<Option<KeyOwner>> {
    conn.query_row(
        "SELECT account_id, id FROM api_keys WHERE key_hash = ?1 AND revoked = 0",
        [hash(key)],
        |row| Ok(KeyOwner { account_id: row.get(0)?, key_id: row.get(1)? }),
    )
    .optional()
}

/// Stops every key of the account (a new one is issued by the caller).
pub fn revoke_all(conn: &Connection, account_id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE api_keys SET revoked = 1 WHERE account_id = ?1", [account_id])?;
    Ok(())
}

/// Creates the account `email` and every key in `keys`; mints and returns a key when the
/// store has none at all, so a first start always prints one usable key.
pub fn bootstrap(
    conn: &Connection,
    email: &str,
    keys: &[String],
) -> rusqlite::Result<Option<String>> {
    let existing: Option<i64> = conn
        .query_row("SELECT id FROM accounts WHERE email = ?1", [email], |row| row.get(0))
        .optional()?;
    let account_id = match existing {
        Some(id) => id,
        None => {
            conn.execute(
                "INSERT INTO accounts (email, first_name, created_at) VALUES (?1, 'Dev', ?2)",
                params![email, clock::now_iso()],
            )?;
            conn.last_insert_rowid()
        }
    };
    for key in keys {
        store(conn, account_id, key)?;
    }
    let key_count: i64 =
        conn.query_row("SELECT COUNT(*) FROM api_keys WHERE revoked = 0", [], |row| row.get(0))?;
    if key_count > 0 {
        return Ok(None);
    }
    let key = mint();
    store(conn, account_id, &key)?;
    Ok(Some(key))
}
