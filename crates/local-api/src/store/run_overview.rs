//! The account-wide probes over runs (wire.md §10.9): `check` counts, the runs that need a
//! person, and each agent's activity. Each reads the runs the default list would (the
//! account scope or one end user's, archive excluded) and the teammates `GET /teammates`
//! would (every one unscoped, one end user's when named).

use rusqlite::types::Value as SqlValue;
use rusqlite::{params, params_from_iter, Connection, OptionalExtension};

use super::run_lists::{RunFilter, WAITING};
use super::runs::{RunRow, COLUMNS};

/// `GET /runs/check`'s figures.
#[derive(Debug, Clone, Default)]
pub struct RunCounts {
    pub total: u64,
    pub latest_run_id: Option<i64>,
    pub awaiting: u64,
    pub latest_change_at: Option<String>,
    pub roster: u64,
    pub roster_change_at: Option<String>,
}

fn scoped(user_id: Option<&str>) -> RunFilter {
    RunFilter { user_id: user_id.map(str::to_owned), ..RunFilter::default() }
}

pub fn counts(
    conn: &Connection,
    account_id: i64,
    user_id: Option<&str>,
) -> rusqlite::Result<RunCounts> {
    let (clause, args) = scoped(user_id).clause(account_id);
    let (total, latest_run_id, awaiting, latest_change_at) = conn.query_row(
        &format!(
            "SELECT COUNT(*), MAX(id), COALESCE(SUM({WAITING}), 0), \
             MAX(COALESCE(updated_at, created_at)) FROM runs WHERE {clause}"
        ),
        params_from_iter(args),
        |row| Ok((row.get(0)?, row.get(1)?, row.get(2)?, row.get(3)?)),
    )?;
    let (roster, roster_change_at) = conn.query_row(
        "SELECT COUNT(*), MAX(COALESCE(updated_at, created_at)) FROM teammates \
         WHERE account_id = ?1 AND status != 'archived' AND (?2 IS NULL OR user_id = ?2)",
        params![account_id, user_id],
        |row| Ok((row.get(0)?, row.get(1)?)),
    )?;
    Ok(RunCounts { total, latest_run_id, awaiting, latest_change_at, roster, roster_change_at })
}

/// A run waiting on a person, with what a public surface may show of it.
#[derive(Debug, Clone)]
pub struct WaitingRun {
    pub run_id: i64,
    pub task_name: Option<String>,
    pub mate_name: Option<String>,
}

/// The first `limit` runs waiting on a person, newest first.
pub fn waiting(
    conn: &Connection,
    account_id: i64,
    user_id: Option<&str>,
    limit: i64,
) -> rusqlite::Result<Vec<WaitingRun>> {
    let (clause, mut args) = scoped(user_id).clause(account_id);
    args.push(SqlValue::Integer(limit));
    let mut statement = conn.prepare(&format!(
        "SELECT r.id, \
         (SELECT name FROM tasks t WHERE t.id = r.task_id), \
         (SELECT name FROM teammates m WHERE m.id = r.teammate_id) \
         FROM runs r WHERE {clause} AND {WAITING} ORDER BY r.id DESC LIMIT ?{}",
        args.len()
    ))?;
    let rows = statement.query_map(params_from_iter(args), |row| {
        Ok(WaitingRun { run_id: row.get(0)?, task_name: row.get(1)?, mate_name: row.get(2)? })
    })?;
    rows.collect()
}

/// The teammates `activity` reports on, by id.
pub fn visible_agents(
    conn: &Connection,
    account_id: i64,
    user_id: Option<&str>,
) -> rusqlite::Result<Vec<i64>> {
    let mut statement = conn.prepare_cached(
        "SELECT id FROM teammates WHERE account_id = ?1 AND status != 'archived' \
         AND (?2 IS NULL OR user_id = ?2) ORDER BY id",
    )?;
    let rows = statement.query_map(params![account_id, user_id], |row| row.get(0))?;
    rows.collect()
}

/// One agent's activity: every executing run, then its latest settled one, newest first.
pub fn agent_activity(
    conn: &Connection,
    account_id: i64,
    user_id: Option<&str>,
    agent_id: i64,
) -> rusqlite::Result<Vec<RunRow>> {
    let filter = RunFilter { teammate_id: Some(agent_id), ..scoped(user_id) };
    let (clause, args) = filter.clause(account_id);
    let mut statement = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM runs WHERE {clause} \
         AND status IN ('running', 'awaiting_approval') ORDER BY id DESC"
    ))?;
    let mut rows: Vec<RunRow> = statement
        .query_map(params_from_iter(args.clone()), RunRow::from_row)?
        .collect::<Result<_, _>>()?;
    let settled = conn
        .query_row(
            &format!(
                "SELECT {COLUMNS} FROM runs WHERE {clause} \
                 AND status NOT IN ('running', 'awaiting_approval') ORDER BY id DESC LIMIT 1"
            ),
            params_from_iter(args),
            RunRow::from_row,
        )
        .optional()?;
    rows.extend(settled);
    Ok(rows)
}
