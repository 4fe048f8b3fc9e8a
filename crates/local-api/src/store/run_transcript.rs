//! A run's transcript as `GET /runs/{id}/messages` pages it (wire.md §10.8): every message
//! numbered by its place in the run (`sequence`, from 1), read forwards or from the end.

use rusqlite::{params, Connection, Row};

/// One message with its sequence number.
#[derive(Debug, Clone)]
pub struct MessageRow {
    pub id: i64,
    pub run_id: i64,
    pub sequence: i64,
    pub turn: i64,
    pub role: String,
    pub content: String,
    pub created_at: String,
}

/// Which page of the transcript.
#[derive(Debug, Clone, Copy)]
pub enum Window {
    /// From the start, or after a sequence, oldest first.
    After(i64),
    /// The newest before a sequence (`i64::MAX`: the tail), answered oldest first.
    Before(i64),
}

const NUMBERED: &str = "SELECT id, run_id, ROW_NUMBER() OVER (ORDER BY id) AS sequence, turn, \
     role, content, created_at FROM run_messages WHERE run_id = ?1";

fn from_row(row: &Row<'_>) -> rusqlite::Result<MessageRow> {
    Ok(MessageRow {
        id: row.get(0)?,
        run_id: row.get(1)?,
        sequence: row.get(2)?,
        turn: row.get(3)?,
        role: row.get(4)?,
        content: row.get(5)?,
        created_at: row.get(6)?,
    })
}

pub fn page(
    conn: &Connection,
    run_id: i64,
    window: Window,
    limit: i64,
) -> rusqlite::Result<Vec<MessageRow>> {
    let (filter, order) = match window {
        Window::After(_) => ("sequence > ?2", "ASC"),
        Window::Before(_) => ("sequence < ?2", "DESC"),
    };
    let (Window::After(bound) | Window::Before(bound)) = window;
    let mut statement = conn.prepare_cached(&format!(
        "SELECT * FROM ({NUMBERED}) WHERE {filter} ORDER BY sequence {order} LIMIT ?3"
    ))?;
    let mut rows: Vec<MessageRow> =
        statement.query_map(params![run_id, bound, limit], from_row)?.collect::<Result<_, _>>()?;
    rows.sort_by_key(|row| row.sequence);
    Ok(rows)
}

pub fn count(conn: &Connection, run_id: i64) -> rusqlite::Result<u64> {
    conn.query_row("SELECT COUNT(*) FROM run_messages WHERE run_id = ?1", [run_id], |row| {
        row.get(0)
    })
}

/// The message the run began with (what a retry starts again).
pub fn first_user_message(conn: &Connection, run_id: i64) -> rusqlite::Result<Option<String>> {
    use rusqlite::OptionalExtension;
    conn.query_row(
        "SELECT content FROM run_messages WHERE run_id = ?1 AND role = 'user' ORDER BY id LIMIT 1",
        [run_id],
        |row| row.get(0),
    )
    .optional()
}
