//! What runs read and write of the account's own resources (their routes live elsewhere):
//! teammates and tasks a run is for, the end user's memories, tool pre-approval policies, and
//! the inbound addresses (webhook tokens, inbox addresses) that start runs.

use rusqlite::{params, Connection, OptionalExtension};

use crate::secret::find_by_token;
use crate::store::json_column;

#[derive(Debug, Clone)]
pub struct TeammateInfo {
    pub id: i64,
    pub account_id: i64,
    pub name: String,
    pub instructions: Option<String>,
    pub tools: Vec<String>,
    pub user_id: Option<String>,
    pub allowed_senders: Option<Vec<String>>,
    pub status: String,
}

const TEAMMATE_COLUMNS: &str =
    "id, account_id, name, instructions, tools, user_id, allowed_senders, status";

fn teammate_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<TeammateInfo> {
    Ok(TeammateInfo {
        id: row.get(0)?,
        account_id: row.get(1)?,
        name: row.get(2)?,
        instructions: row.get(3)?,
        tools: json_column::read::<Vec<String>>(row.get(4)?).unwrap_or_default(),
        user_id: row.get(5)?,
        allowed_senders: json_column::read(row.get(6)?),
        status: row.get(7)?,
    })
}

/// The account's teammate `id`, archived or not.
pub fn teammate(
    conn: &Connection,
    account_id: i64,
    id: i64,
) -> rusqlite::Result<Option<TeammateInfo>> {
    conn.query_row(
        &format!("SELECT {TEAMMATE_COLUMNS} FROM teammates WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        teammate_row,
    )
    .optional()
}

/// The teammate whose inbound webhook token is `token` (compared by the caller).
pub fn teammate_for_webhook(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<Option<(TeammateInfo, Option<String>)>> {
    conn.query_row(
        &format!("SELECT {TEAMMATE_COLUMNS}, webhook_token FROM teammates WHERE id = ?1"),
        [id],
        |row| Ok((teammate_row(row)?, row.get(8)?)),
    )
    .optional()
}

/// The teammate whose inbox address has the local part `token` (compared in constant time).
pub fn teammate_by_email_token(
    conn: &Connection,
    token: &str,
) -> rusqlite::Result<Option<TeammateInfo>> {
    let Some(id) = find_by_token(conn, "teammates", "email_token", token)? else { return Ok(None) };
    conn.query_row(
        &format!("SELECT {TEAMMATE_COLUMNS} FROM teammates WHERE id = ?1"),
        [id],
        teammate_row,
    )
    .optional()
}

#[derive(Debug, Clone)]
pub struct TaskInfo {
    pub id: i64,
    pub account_id: i64,
    pub teammate_id: i64,
    pub instructions: String,
    pub expected_output: Option<String>,
    pub tools: Vec<String>,
    pub user_id: Option<String>,
    pub status: String,
}

const TASK_COLUMNS: &str =
    "id, account_id, teammate_id, instructions, expected_output, tools, user_id, status";

fn task_row(row: &rusqlite::Row<'_>) -> rusqlite::Result<TaskInfo> {
    Ok(TaskInfo {
        id: row.get(0)?,
        account_id: row.get(1)?,
        teammate_id: row.get(2)?,
        instructions: row.get(3)?,
        expected_output: row.get(4)?,
        tools: json_column::read::<Vec<String>>(row.get(5)?).unwrap_or_default(),
        user_id: row.get(6)?,
        status: row.get(7)?,
    })
}

pub fn task(conn: &Connection, account_id: i64, id: i64) -> rusqlite::Result<Option<TaskInfo>> {
    conn.query_row(
        &format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        task_row,
    )
    .optional()
}

pub fn task_for_webhook(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<Option<(TaskInfo, Option<String>)>> {
    conn.query_row(
        &format!("SELECT {TASK_COLUMNS}, webhook_token FROM tasks WHERE id = ?1"),
        [id],
        |row| Ok((task_row(row)?, row.get(8)?)),
    )
    .optional()
}

/// The task whose email trigger address has the local part `token` (compared in constant
/// time).
pub fn task_by_email_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<TaskInfo>> {
    let Some(id) = find_by_token(conn, "tasks", "email_token", token)? else { return Ok(None) };
    conn.query_row(&format!("SELECT {TASK_COLUMNS} FROM tasks WHERE id = ?1"), [id], task_row)
        .optional()
}
