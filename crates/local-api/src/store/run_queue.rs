//! Replies sent while a run's turn executes (wire.md §10.4): each waits here, oldest first,
//! until it becomes the run's next turn (`delivered`) or the run is cancelled (`cancelled`).

use rusqlite::{params, Connection, OptionalExtension};

use crate::clock;

/// Queues `content` for `run_id`; its id.
pub fn enqueue(conn: &Connection, run_id: i64, content: &str) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO run_queued_messages (run_id, content, state, created_at) \
         VALUES (?1, ?2, 'pending', ?3)",
        params![run_id, content, clock::now_iso()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// The oldest reply still waiting: `(id, content)`.
pub fn next_pending(conn: &Connection, run_id: i64) -> rusqlite::Result<Option<(i64, String)>> {
    conn.query_row(
        "SELECT id, content FROM run_queued_messages WHERE run_id = ?1 AND state = 'pending' \
         ORDER BY id LIMIT 1",
        [run_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )
    .optional()
}

pub fn mark_delivered(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE run_queued_messages SET state = 'delivered' WHERE id = ?1 AND state = 'pending'",
        [id],
    )?;
    Ok(())
}

/// Cancels every reply still waiting on `run_id` (the run was cancelled or stopped).
pub fn cancel_pending(conn: &Connection, run_id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE run_queued_messages SET state = 'cancelled' WHERE run_id = ?1 AND state = 'pending'",
        [run_id],
    )?;
    Ok(())
}
