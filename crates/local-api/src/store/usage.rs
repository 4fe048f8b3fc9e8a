//! Usage rolled up per end user (SDK 4.49 `users.usage`): each end-user profile with the runs
//! started for it since the period began, their cost and tokens.

use rusqlite::{params, Connection};

/// One end user's figures since the period began.
pub struct EndUserFigures {
    pub id: i64,
    pub user_id: String,
    pub runs: i64,
    pub cost_usd: f64,
    pub input_tokens: i64,
    pub output_tokens: i64,
    /// When one of its runs last changed, if it has any this period.
    pub last_active_at: Option<String>,
}

/// The account's end users after profile id `after` (or the one named `user_id`), with their
/// figures since `since` (ISO 8601).
pub fn of_end_users(
    conn: &Connection,
    account_id: i64,
    user_id: Option<&str>,
    since: &str,
    (after, limit): (i64, i64),
) -> rusqlite::Result<Vec<EndUserFigures>> {
    let mut statement = conn.prepare_cached(
        "SELECT u.id, u.user_id, COUNT(r.id), COALESCE(SUM(CAST(r.cost_usd AS REAL)), 0),
             COALESCE(SUM(r.input_tokens), 0), COALESCE(SUM(r.output_tokens), 0),
             MAX(r.updated_at)
         FROM end_users u
         LEFT JOIN runs r ON r.account_id = u.account_id AND r.user_id = u.user_id
             AND r.created_at >= ?2
         WHERE u.account_id = ?1 AND u.id > ?3 AND (?4 IS NULL OR u.user_id = ?4)
         GROUP BY u.id ORDER BY u.id LIMIT ?5",
    )?;
    let rows = statement.query_map(params![account_id, since, after, user_id, limit], |row| {
        Ok(EndUserFigures {
            id: row.get(0)?,
            user_id: row.get(1)?,
            runs: row.get(2)?,
            cost_usd: row.get(3)?,
            input_tokens: row.get(4)?,
            output_tokens: row.get(5)?,
            last_active_at: row.get(6)?,
        })
    })?;
    rows.collect()
}
