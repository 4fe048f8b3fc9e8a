//! A run's stream as stored (`run_events`): every payload of every turn, numbered by `seq`,
//! so a stream can be replayed or caught up after it lagged.

use rusqlite::{params, Connection};

/// The `seq` the run's next payload gets.
pub fn next_seq(conn: &Connection, run_id: i64) -> rusqlite::Result<i64> {
    conn.query_row(
        "SELECT COALESCE(MAX(seq), 0) + 1 FROM run_events WHERE run_id = ?1",
        [run_id],
        |row| row.get(0),
    )
}

pub fn insert(
    conn: &Connection,
    run_id: i64,
    seq: i64,
    turn: i64,
    payload: &str,
) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO run_events (run_id, seq, turn, payload) VALUES (?1, ?2, ?3, ?4)",
        params![run_id, seq, turn, payload],
    )?;
    Ok(())
}

/// Stored payloads of one turn with `seq` above `after`, in order.
pub fn of_turn(
    conn: &Connection,
    run_id: i64,
    turn: i64,
    after: i64,
) -> rusqlite::Result<Vec<(i64, String)>> {
    let mut statement = conn.prepare_cached(
        "SELECT seq, payload FROM run_events WHERE run_id = ?1 AND turn = ?2 AND seq > ?3 ORDER BY seq",
    )?;
    let rows =
        statement.query_map(params![run_id, turn, after], |row| Ok((row.get(0)?, row.get(1)?)))?;
    rows.collect()
}
