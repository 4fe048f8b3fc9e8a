//! The simulated apps' data (`app_records`): per account, records of a kind in an app (an
//! inbox message, a Linear ticket), kept as JSON so what one run posts the next run reads.

use rusqlite::{params, Connection};
use serde_json::Value;

use crate::clock;

/// Stores `seed()` for `account_id` the first time any tool runs for it.
pub fn ensure_seeded(
    conn: &Connection,
    account_id: i64,
    seed: impl FnOnce() -> Vec<(&'static str, &'static str, Value)>,
) -> rusqlite::Result<()> {
    let seeded: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM app_records WHERE account_id = ?1)",
        [account_id],
        |row| row.get(0),
    )?;
    if !seeded {
        for (app, kind, data) in seed() {
            insert(conn, account_id, app, kind, &data)?;
        }
    }
    Ok(())
}

/// Stores one record; returns its id.
pub fn insert(
    conn: &Connection,
    account_id: i64,
    app: &str,
    kind: &str,
    data: &Value,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO app_records (account_id, app, kind, data, created_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![account_id, app, kind, data.to_string(), clock::now_iso()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Records of one kind, newest first.
pub fn of_kind(
    conn: &Connection,
    account_id: i64,
    app: &str,
    kind: &str,
) -> rusqlite::Result<Vec<Value>> {
    let mut statement = conn.prepare_cached(
        "SELECT data FROM app_records WHERE account_id = ?1 AND app = ?2 AND kind = ?3 ORDER BY id DESC",
    )?;
    let rows =
        statement.query_map(params![account_id, app, kind], |row| row.get::<_, String>(0))?;
    rows.map(|text| text.map(|t| serde_json::from_str(&t).unwrap_or(Value::Null))).collect()
}
