//! Tasks (`tasks`): saved instructions for a teammate, their wire form, and what a run needs
//! of one ([`TaskInfo`]).

use m8tes_protocol::types::{Task, TaskCreate};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::teammates::{ARCHIVED, DISABLED, ENABLED};
use super::{json_column, StoreError};
use crate::clock;
use crate::store::tokens::find_by_token;

/// How much of the instructions names a task created without a `name`.
const DEFAULT_NAME_CHARS: usize = 100;

const COLUMNS: &str = "id, teammate_id, name, instructions, tools, expected_output, goals, \
    user_id, status, created_at, updated_at, webhook_token IS NOT NULL AND webhook_paused = 0";

fn from_row(row: &Row) -> rusqlite::Result<Task> {
    Ok(Task {
        id: row.get(0)?,
        teammate_id: row.get(1)?,
        name: row.get(2)?,
        instructions: row.get(3)?,
        tools: json_column::read(row.get(4)?),
        expected_output: row.get(5)?,
        goals: row.get(6)?,
        user_id: row.get(7)?,
        status: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        webhook_enabled: Some(row.get(11)?),
        extra: Default::default(),
    })
}

pub fn is_archived(task: &Task) -> bool {
    task.status.as_deref() == Some(ARCHIVED)
}

/// The account's task `id`, archived ones included.
pub fn find(conn: &Connection, account_id: i64, id: i64) -> rusqlite::Result<Option<Task>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM tasks WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        from_row,
    )
    .optional()
}

/// Filters of `GET /tasks/`.
pub struct TaskFilter<'a> {
    pub teammate_id: Option<i64>,
    pub user_id: Option<&'a str>,
    pub include_archived: bool,
}

/// The account's tasks that are not archived, after id `after`.
pub fn list(
    conn: &Connection,
    account_id: i64,
    filter: &TaskFilter<'_>,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<Task>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM tasks
         WHERE account_id = ?1 AND (?6 OR status != 'archived') AND id > ?2
           AND (?3 IS NULL OR teammate_id = ?3) AND (?4 IS NULL OR user_id = ?4)
         ORDER BY id LIMIT ?5"
    ))?;
    let rows = statement.query_map(
        params![
            account_id,
            after,
            filter.teammate_id,
            filter.user_id,
            limit,
            filter.include_archived
        ],
        from_row,
    )?;
    rows.collect()
}

/// Inserts a task of a teammate the caller has checked; unnamed, it is named after its
/// instructions.
pub fn insert(conn: &Connection, account_id: i64, body: &TaskCreate) -> Result<Task, StoreError> {
    let name = match &body.name {
        Some(name) => checked_name(name)?.to_owned(),
        None => body.instructions.chars().take(DEFAULT_NAME_CHARS).collect(),
    };
    conn.execute(
        "INSERT INTO tasks (account_id, teammate_id, name, instructions, tools, expected_output,
             goals, user_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            account_id,
            body.teammate_id,
            name,
            body.instructions,
            json_column::write(Some(&body.tools.clone().unwrap_or_default()))?,
            body.expected_output,
            body.goals,
            body.user_id,
            clock::now_iso(),
        ],
    )?;
    let id = conn.last_insert_rowid();
    Ok(find(conn, account_id, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?)
}

/// Writes back the editable fields of `task` (after the caller merged a change into it).
pub fn update(conn: &Connection, task: &Task) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tasks SET name = ?1, instructions = ?2, tools = ?3, expected_output = ?4,
             goals = ?5, updated_at = ?6
         WHERE id = ?7",
        params![
            task.name,
            task.instructions,
            json_column::write(task.tools.as_ref())?,
            task.expected_output,
            task.goals,
            clock::now_iso(),
            task.id,
        ],
    )?;
    Ok(())
}

/// Archives: the row stays, its inbound URL and address stop working and its triggers stop
/// firing.
pub fn archive(conn: &mut Connection, id: i64) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute(
        "UPDATE tasks SET status = 'archived', webhook_token = NULL, email_token = NULL,
             webhook_paused = 0, updated_at = ?1 WHERE id = ?2",
        params![clock::now_iso(), id],
    )?;
    tx.execute("UPDATE task_triggers SET enabled = 0 WHERE task_id = ?1", [id])?;
    tx.commit()
}

pub fn check_instructions(instructions: &str) -> Result<(), StoreError> {
    if instructions.trim().is_empty() {
        return Err(StoreError::Invalid("instructions must not be empty".into()));
    }
    Ok(())
}

pub fn checked_name(name: &str) -> Result<&str, StoreError> {
    if name.chars().count() > 255 {
        return Err(StoreError::Invalid("name must be at most 255 characters".into()));
    }
    Ok(name)
}

/// What a run needs of its task.
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
    /// The inbound webhook is paused (its URL kept, POSTs refused).
    pub webhook_paused: bool,
}

impl TaskInfo {
    pub fn is_archived(&self) -> bool {
        self.status == ARCHIVED
    }

    /// Paused (SDK 4.49 `tasks.update(status="disabled")`): its schedules and mail wait.
    pub fn is_disabled(&self) -> bool {
        self.status == DISABLED
    }
}

const INFO_COLUMNS: &str = "id, account_id, teammate_id, instructions, expected_output, tools, \
    user_id, status, webhook_paused";

fn info_row(row: &Row<'_>) -> rusqlite::Result<TaskInfo> {
    Ok(TaskInfo {
        id: row.get(0)?,
        account_id: row.get(1)?,
        teammate_id: row.get(2)?,
        instructions: row.get(3)?,
        expected_output: row.get(4)?,
        tools: json_column::read::<Vec<String>>(row.get(5)?).unwrap_or_default(),
        user_id: row.get(6)?,
        status: row.get(7)?,
        webhook_paused: row.get(8)?,
    })
}

/// The account's task `id` as a run sees it, archived or not.
pub fn info(conn: &Connection, account_id: i64, id: i64) -> rusqlite::Result<Option<TaskInfo>> {
    conn.query_row(
        &format!("SELECT {INFO_COLUMNS} FROM tasks WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        info_row,
    )
    .optional()
}

/// Task `id` with its inbound webhook token (compared by the caller).
pub fn info_for_webhook(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<Option<(TaskInfo, Option<String>)>> {
    conn.query_row(
        &format!("SELECT {INFO_COLUMNS}, webhook_token FROM tasks WHERE id = ?1"),
        [id],
        |row| Ok((info_row(row)?, row.get(9)?)),
    )
    .optional()
}

/// The task whose email trigger address has the local part `token` (compared in constant
/// time).
pub fn info_by_email_token(conn: &Connection, token: &str) -> rusqlite::Result<Option<TaskInfo>> {
    let Some(id) = find_by_token(conn, "tasks", "email_token", token)? else { return Ok(None) };
    conn.query_row(&format!("SELECT {INFO_COLUMNS} FROM tasks WHERE id = ?1"), [id], info_row)
        .optional()
}

/// Destroys the task's inbound webhook (a later enable mints a new URL).
pub fn clear_webhook(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tasks SET webhook_token = NULL, webhook_paused = 0, updated_at = ?1 WHERE id = ?2",
        params![clock::now_iso(), id],
    )?;
    Ok(())
}

/// Pauses the task (`DISABLED`): its schedules stop and its webhook is paused, and stays paused
/// when the task is enabled again, until resumed explicitly (SDK 4.49).
pub fn disable(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tasks SET status = ?1, webhook_paused = 1, updated_at = ?2 WHERE id = ?3",
        params![DISABLED, clock::now_iso(), id],
    )?;
    Ok(())
}

/// Enables a paused task (its schedules are re-armed by the caller).
pub fn enable(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE tasks SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![ENABLED, clock::now_iso(), id],
    )?;
    Ok(())
}
