//! Capabilities kept in columns (inbound webhook tokens, inbox addresses, app connection ids):
//! minted on first use, and found by value in constant time.

use m8tes_protocol::webhook_signature::constant_time_eq;
use rusqlite::{params, Connection};

use crate::secret::inbound_token;

/// The inbound token in `column` (`webhook_token` or `email_token`) of row `id` of `table`
/// (`teammates` or `tasks`), minted on first use, so enabling twice gives the same URL or
/// address.
pub fn ensure_inbound_token(
    conn: &Connection,
    table: &'static str,
    id: i64,
    column: &'static str,
) -> rusqlite::Result<String> {
    let existing: Option<String> =
        conn.query_row(&format!("SELECT {column} FROM {table} WHERE id = ?1"), [id], |row| {
            row.get(0)
        })?;
    if let Some(token) = existing {
        return Ok(token);
    }
    let token = inbound_token();
    conn.execute(
        &format!("UPDATE {table} SET {column} = ?1, updated_at = ?2 WHERE id = ?3"),
        params![token, crate::clock::now_iso(), id],
    )?;
    Ok(token)
}

/// Pauses or resumes the inbound webhook of a teammate or a task (`table`), keeping its
/// token: the URL survives a pause.
pub fn set_webhook_paused(
    conn: &Connection,
    table: &'static str,
    id: i64,
    paused: bool,
) -> rusqlite::Result<()> {
    conn.execute(
        &format!("UPDATE {table} SET webhook_paused = ?1, updated_at = ?2 WHERE id = ?3"),
        params![paused, crate::clock::now_iso(), id],
    )?;
    Ok(())
}

/// The id of the row of `table` whose `column` holds the capability `given`. Every stored
/// value is compared in constant time, with no early exit: a lookup by value would let the
/// answer's timing tell how much of a guess matched.
pub fn find_by_token(
    conn: &Connection,
    table: &'static str,
    column: &'static str,
    given: &str,
) -> rusqlite::Result<Option<i64>> {
    let mut statement = conn
        .prepare_cached(&format!("SELECT id, {column} FROM {table} WHERE {column} IS NOT NULL"))?;
    let rows =
        statement.query_map([], |row| Ok((row.get::<_, i64>(0)?, row.get::<_, String>(1)?)))?;
    let mut found = None;
    for row in rows {
        let (id, stored) = row?;
        if constant_time_eq(stored.as_bytes(), given.as_bytes()) {
            found = Some(id);
        }
    }
    Ok(found)
}
