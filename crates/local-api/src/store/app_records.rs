//! The simulated apps' data (`app_records`): per end user of an account, records of a kind in
//! an app (an inbox message, a Linear ticket), kept as JSON so what one run posts the next run
//! of the same end user reads, and no other end user's run sees.

use rusqlite::{params, Connection};
use serde_json::Value;

use crate::clock;

/// Whose app data: an account's end user (`""` for runs without a `user_id`).
#[derive(Debug, Clone, Copy)]
pub struct Owner<'a> {
    pub account_id: i64,
    pub end_user: &'a str,
}

/// Adds `end_user` to a store made before it existed (its index needs the column).
pub fn upgrade(conn: &Connection) -> rusqlite::Result<()> {
    let has_owner = conn
        .prepare("SELECT 1 FROM pragma_table_info('app_records') WHERE name = 'end_user'")?
        .exists([])?;
    if !has_owner {
        conn.execute_batch("ALTER TABLE app_records ADD COLUMN end_user TEXT NOT NULL DEFAULT ''")?;
    }
    conn.execute_batch(
        "CREATE INDEX IF NOT EXISTS app_records_by_owner \
         ON app_records (account_id, end_user, app, kind, id)",
    )
}

/// Stores `seed()` for `owner` the first time any tool runs for them.
pub fn ensure_seeded(
    conn: &Connection,
    owner: Owner<'_>,
    seed: impl FnOnce() -> Vec<(&'static str, &'static str, Value)>,
) -> rusqlite::Result<()> {
    let seeded: bool = conn.query_row(
        "SELECT EXISTS (SELECT 1 FROM app_records WHERE account_id = ?1 AND end_user = ?2)",
        params![owner.account_id, owner.end_user],
        |row| row.get(0),
    )?;
    if !seeded {
        for (app, kind, data) in seed() {
            insert(conn, owner, app, kind, &data)?;
        }
    }
    Ok(())
}

/// Stores one record; returns its id.
pub fn insert(
    conn: &Connection,
    owner: Owner<'_>,
    app: &str,
    kind: &str,
    data: &Value,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO app_records (account_id, end_user, app, kind, data, created_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![owner.account_id, owner.end_user, app, kind, data.to_string(), clock::now_iso()],
    )?;
    Ok(conn.last_insert_rowid())
}

/// Records of one kind, newest first.
pub fn of_kind(
    conn: &Connection,
    owner: Owner<'_>,
    app: &str,
    kind: &str,
) -> rusqlite::Result<Vec<Value>> {
    let mut statement = conn.prepare_cached(
        "SELECT data FROM app_records \
         WHERE account_id = ?1 AND end_user = ?2 AND app = ?3 AND kind = ?4 ORDER BY id DESC",
    )?;
    let rows = statement
        .query_map(params![owner.account_id, owner.end_user, app, kind], |row| {
            row.get::<_, String>(0)
        })?;
    rows.map(|text| text.map(|t| serde_json::from_str(&t).unwrap_or(Value::Null))).collect()
}
