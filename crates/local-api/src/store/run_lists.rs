//! `GET /runs/` as SDK 4.49 reads it (wire.md §10.2): newest first, the account scope unless
//! an end user is named, one task's history, the archive, and "waiting on a human" first.

use rusqlite::types::Value as SqlValue;
use rusqlite::{params_from_iter, Connection};

use super::runs::{RunRow, COLUMNS};
use crate::model::RunStatus;

/// Which runs the archive leaves in a list.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum ArchiveView {
    /// Archiving hides a run (the default).
    #[default]
    Exclude,
    Only,
    Include,
}

/// How a list is ordered; both newest first within their groups.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum RunOrder {
    #[default]
    Created,
    /// Runs waiting on a human (`awaiting_approval`) first.
    Priority,
}

/// Which runs a list, a count or a probe covers.
#[derive(Debug, Clone, Default)]
pub struct RunFilter {
    pub teammate_id: Option<i64>,
    pub task_id: Option<i64>,
    /// `Some`: that end user's runs only. `None`: the account's own runs (no end user),
    /// and end users' too when `include_end_users`.
    pub user_id: Option<String>,
    pub include_end_users: bool,
    pub status: Option<RunStatus>,
    pub archive: ArchiveView,
}

/// Whether a run waits on a human, as SQL over `runs` (`needs_you`, `priority`).
pub const WAITING: &str = "(status = 'awaiting_approval')";

impl RunFilter {
    /// The filter as a `WHERE` clause over `runs` (placeholders `?1…`) and its arguments.
    pub fn clause(&self, account_id: i64) -> (String, Vec<SqlValue>) {
        let mut sql = String::from("account_id = ?1");
        let mut args = vec![SqlValue::Integer(account_id)];
        let mut equal = |column: &str, value: SqlValue| {
            args.push(value);
            sql.push_str(&format!(" AND {column} = ?{}", args.len()));
        };
        if let Some(id) = self.teammate_id {
            equal("teammate_id", SqlValue::Integer(id));
        }
        if let Some(id) = self.task_id {
            equal("task_id", SqlValue::Integer(id));
        }
        if let Some(status) = self.status {
            equal("status", SqlValue::Text(status.as_str().into()));
        }
        match &self.user_id {
            Some(user) => equal("user_id", SqlValue::Text(user.clone())),
            None if !self.include_end_users => sql.push_str(" AND user_id IS NULL"),
            None => {}
        }
        match self.archive {
            ArchiveView::Exclude => sql.push_str(" AND archived = 0"),
            ArchiveView::Only => sql.push_str(" AND archived = 1"),
            ArchiveView::Include => {}
        }
        (sql, args)
    }
}

/// One page of runs: `limit` rows after the run `after` in `order`.
pub fn list(
    conn: &Connection,
    account_id: i64,
    filter: &RunFilter,
    order: RunOrder,
    after: Option<i64>,
    limit: i64,
) -> rusqlite::Result<Vec<RunRow>> {
    let (mut sql, mut args) = filter.clause(account_id);
    if let Some(after) = after {
        args.push(SqlValue::Integer(after));
        let at = format!("?{}", args.len());
        sql.push_str(&match order {
            RunOrder::Created => format!(" AND id < {at}"),
            // Keyset: what sorts after the cursor run, as it ranks now.
            RunOrder::Priority => format!(
                " AND ({WAITING} < (SELECT {WAITING} FROM runs WHERE id = {at}) \
                 OR ({WAITING} = (SELECT {WAITING} FROM runs WHERE id = {at}) AND id < {at}))"
            ),
        });
    }
    let order_by = match order {
        RunOrder::Created => "id DESC".to_owned(),
        RunOrder::Priority => format!("{WAITING} DESC, id DESC"),
    };
    let mut statement = conn.prepare(&format!(
        "SELECT {COLUMNS} FROM runs WHERE {sql} ORDER BY {order_by} LIMIT {limit}"
    ))?;
    let rows = statement.query_map(params_from_iter(args), RunRow::from_row)?;
    rows.collect()
}
