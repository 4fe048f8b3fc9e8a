//! Memories about one end user: 1–300 characters once trimmed, unique per user ignoring case
//! and spacing. Storing one creates the end user's profile if needed.

use m8tes_protocol::types::Memory;
use rusqlite::{params, Connection, Row};

use super::{users, StoreError};
use crate::clock;

const MAX_CHARS: usize = 300;

const COLUMNS: &str = "id, user_id, content, source, created_at";

fn from_row(row: &Row) -> rusqlite::Result<Memory> {
    Ok(Memory {
        id: row.get(0)?,
        user_id: row.get(1)?,
        content: row.get(2)?,
        source: row.get(3)?,
        created_at: row.get(4)?,
        extra: Default::default(),
    })
}

/// A memory's content as a request (or a run) gives it, checked for `user_id`: trimmed, 1 to
/// 300 characters.
pub fn checked_content<'a>(user_id: &str, content: &'a str) -> Result<&'a str, StoreError> {
    users::check_user_id(user_id)?;
    let content = content.trim();
    let length = content.chars().count();
    if length == 0 || length > MAX_CHARS {
        return Err(StoreError::Invalid(format!(
            "content must be 1 to {MAX_CHARS} characters once trimmed, got {length}"
        )));
    }
    Ok(content)
}

/// Stores checked `content` with its `source` (`api` through the endpoint, `agent` when a
/// run is told to remember), creating the end user's profile if needed. `None` when the user
/// already has that memory, ignoring case and spacing.
pub fn insert(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    content: &str,
    source: &str,
) -> rusqlite::Result<Option<Memory>> {
    users::ensure(conn, account_id, user_id)?;
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO memories (account_id, user_id, content, normalized, source,
             created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![account_id, user_id, content, normalized(content), source, clock::now_iso()],
    )?;
    if inserted == 0 {
        return Ok(None);
    }
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM memories WHERE id = ?1"),
        [conn.last_insert_rowid()],
        from_row,
    )
    .map(Some)
}

/// The end user's memories' text, oldest first (what a run recalls).
pub fn contents(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
) -> rusqlite::Result<Vec<String>> {
    let mut statement = conn.prepare_cached(
        "SELECT content FROM memories WHERE account_id = ?1 AND user_id = ?2 ORDER BY id",
    )?;
    let rows = statement.query_map(params![account_id, user_id], |row| row.get(0))?;
    rows.collect()
}

/// Lower case with runs of whitespace as one space: what makes two memories the same.
fn normalized(content: &str) -> String {
    content.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// One user's rows after id `after`.
pub fn list(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<Memory>> {
    users::list_owned(conn, ("memories", COLUMNS), account_id, user_id, (after, limit), from_row)
}

/// Deletes row `id` if it is the account's and that user's; whether it did.
pub fn delete(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    id: i64,
) -> rusqlite::Result<bool> {
    users::delete_owned(conn, "memories", id, account_id, user_id)
}
