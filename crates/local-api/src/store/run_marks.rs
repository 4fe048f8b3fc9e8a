//! What a person does to a run without running it (wire.md §10.5): archive it, share it,
//! mark it viewed. Each is idempotent: doing it again changes nothing but `last_viewed_at`.

use rusqlite::{params, Connection, OptionalExtension};

use super::runs::{self, RunRow, COLUMNS};
use crate::clock;

pub fn set_archived(conn: &Connection, id: i64, archived: bool) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE runs SET archived = ?2, updated_at = ?3 WHERE id = ?1 AND archived != ?2",
        params![id, archived, clock::now_iso()],
    )?;
    Ok(())
}

pub fn mark_viewed(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE runs SET last_viewed_at = ?2 WHERE id = ?1",
        params![id, clock::now_iso()],
    )?;
    Ok(())
}

/// The run's share token, made on first use; the same one after.
pub fn share(conn: &Connection, id: i64) -> rusqlite::Result<String> {
    let token = format!("shr_{:016x}{:016x}", rand::random::<u64>(), rand::random::<u64>());
    conn.execute(
        "UPDATE runs SET share_token = ?2 WHERE id = ?1 AND share_token IS NULL",
        params![id, token],
    )?;
    conn.query_row("SELECT share_token FROM runs WHERE id = ?1", [id], |row| row.get(0))
}

pub fn unshare(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute("UPDATE runs SET share_token = NULL WHERE id = ?1", [id])?;
    Ok(())
}

/// The run a share token opens, if it is still shared.
pub fn shared(conn: &Connection, token: &str) -> rusqlite::Result<Option<RunRow>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM runs WHERE share_token = ?1"),
        [token],
        RunRow::from_row,
    )
    .optional()
}

/// Links a retry to the run it retried, both ways.
pub fn link_retry(
    conn: &Connection,
    original: i64,
    retry: i64,
    count: i64,
) -> rusqlite::Result<()> {
    let now = clock::now_iso();
    conn.execute(
        "UPDATE runs SET retry_of_run_id = ?2, retry_count = ?3 WHERE id = ?1",
        params![retry, original, count],
    )?;
    conn.execute(
        "UPDATE runs SET retried_by_run_id = ?2, retried_at = ?3, updated_at = ?3 WHERE id = ?1",
        params![original, retry, now],
    )?;
    Ok(())
}

/// Re-reads a run after a mark.
pub fn reread(conn: &Connection, id: i64) -> rusqlite::Result<RunRow> {
    runs::get(conn, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)
}
