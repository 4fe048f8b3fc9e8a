//! Memories about one end user, or the account ([`users::ACCOUNT_SCOPE`], SDK 4.49): 1–300
//! characters once trimmed, unique per scope ignoring case and spacing. Storing one creates
//! the end user's profile if needed.

use m8tes_protocol::types::Memory;
use rusqlite::{params, Connection, ErrorCode, OptionalExtension, Row};

use super::{users, StoreError};
use crate::clock;

const MAX_CHARS: usize = 300;

const COLUMNS: &str = "id, user_id, content, source, created_at, audience";

/// The audiences SDK 4.49 knows.
pub const AUDIENCES: [&str; 2] = ["personal", "company"];

fn from_row(row: &Row) -> rusqlite::Result<Memory> {
    Ok(Memory {
        id: row.get(0)?,
        user_id: users::answered(row.get(1)?),
        content: row.get(2)?,
        source: row.get(3)?,
        created_at: row.get(4)?,
        audience: row.get(5)?,
        extra: Default::default(),
    })
}

/// A memory's content as a request (or a run) gives it, checked for `user_id`: trimmed, 1 to
/// 300 characters.
pub fn checked_content<'a>(user_id: &str, content: &'a str) -> Result<&'a str, StoreError> {
    if user_id != users::ACCOUNT_SCOPE {
        users::check_user_id(user_id)?;
    }
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
    if user_id != users::ACCOUNT_SCOPE {
        users::ensure(conn, account_id, user_id)?;
    }
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

/// One scope's rows after id `after`; with `query`, only those whose content holds it
/// (ignoring case).
pub fn list(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    query: Option<&str>,
    (after, limit): (i64, i64),
) -> rusqlite::Result<Vec<Memory>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM memories WHERE account_id = ?1 AND user_id = ?2 AND id > ?3
           AND (?4 IS NULL OR instr(lower(content), lower(?4)) > 0)
         ORDER BY id LIMIT ?5"
    ))?;
    let rows = statement.query_map(params![account_id, user_id, after, query, limit], from_row)?;
    rows.collect()
}

/// Memory `id` of that scope.
pub fn find(
    conn: &Connection,
    account_id: i64,
    user_id: &str,
    id: i64,
) -> rusqlite::Result<Option<Memory>> {
    conn.query_row(
        &format!(
            "SELECT {COLUMNS} FROM memories WHERE id = ?1 AND account_id = ?2 AND user_id = ?3"
        ),
        params![id, account_id, user_id],
        from_row,
    )
    .optional()
}

/// Sets a memory's checked content and/or audience; `Ok(false)` when the new content is
/// one the scope already has (ignoring case and spacing).
pub fn update(
    conn: &Connection,
    id: i64,
    content: Option<&str>,
    audience: Option<&str>,
) -> rusqlite::Result<bool> {
    if let Some(content) = content {
        let written = conn.execute(
            "UPDATE memories SET content = ?1, normalized = ?2 WHERE id = ?3",
            params![content, normalized(content), id],
        );
        match written {
            Err(rusqlite::Error::SqliteFailure(e, _))
                if e.code == ErrorCode::ConstraintViolation =>
            {
                return Ok(false)
            }
            other => other?,
        };
    }
    if let Some(audience) = audience {
        conn.execute("UPDATE memories SET audience = ?1 WHERE id = ?2", params![audience, id])?;
    }
    Ok(true)
}

/// Sets the audience of a memory just stored.
pub fn set_audience(conn: &Connection, id: i64, audience: &str) -> rusqlite::Result<()> {
    conn.execute("UPDATE memories SET audience = ?1 WHERE id = ?2", params![audience, id])?;
    Ok(())
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
