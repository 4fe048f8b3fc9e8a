//! Schedule triggers (`task_triggers`): a task's cron or interval schedule and when it next
//! fires. A task's webhook and email triggers are its inbound tokens (`tasks`), not rows here.

use chrono::{DateTime, Utc};
use m8tes_protocol::types::Trigger;
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;

const COLUMNS: &str = "id, cron, interval_seconds, timezone, enabled, next_run, run_at";

fn from_row(row: &Row) -> rusqlite::Result<Trigger> {
    let enabled: bool = row.get(4)?;
    Ok(Trigger {
        id: row.get(0)?,
        kind: "schedule".into(),
        enabled: Some(enabled),
        cron: row.get(1)?,
        interval_seconds: row.get(2)?,
        timezone: row.get(3)?,
        next_run: if enabled { row.get(5)? } else { None },
        url: None,
        address: None,
        run_at: row.get(6)?,
        task_id: None,
        task_name: None,
        extra: Default::default(),
    })
}

/// A schedule to store: exactly one of `cron`, `interval_seconds` and `run_at` is set.
pub struct NewSchedule<'a> {
    pub account_id: i64,
    pub task_id: i64,
    pub cron: Option<&'a str>,
    pub interval_seconds: Option<u64>,
    pub run_at: Option<DateTime<Utc>>,
    pub timezone: &'a str,
    pub next_run: DateTime<Utc>,
}

pub fn insert(conn: &Connection, schedule: &NewSchedule<'_>) -> rusqlite::Result<Trigger> {
    conn.execute(
        "INSERT INTO task_triggers (account_id, task_id, cron, interval_seconds, run_at,
             timezone, next_run, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        params![
            schedule.account_id,
            schedule.task_id,
            schedule.cron,
            schedule.interval_seconds,
            schedule.run_at.map(clock::iso),
            schedule.timezone,
            clock::iso(schedule.next_run),
            clock::now_iso(),
        ],
    )?;
    find(conn, schedule.task_id, conn.last_insert_rowid())?
        .ok_or(rusqlite::Error::QueryReturnedNoRows)
}

/// Schedule `id` of the task.
pub fn find(conn: &Connection, task_id: i64, id: i64) -> rusqlite::Result<Option<Trigger>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM task_triggers WHERE id = ?1 AND task_id = ?2"),
        params![id, task_id],
        from_row,
    )
    .optional()
}

/// A schedule's new shape and state, written whole by `PATCH` (the caller merged the change).
pub struct ScheduleChange<'a> {
    pub cron: Option<&'a str>,
    pub interval_seconds: Option<u64>,
    pub run_at: Option<DateTime<Utc>>,
    pub timezone: &'a str,
    pub enabled: bool,
    pub next_run: Option<DateTime<Utc>>,
}

pub fn update(conn: &Connection, id: i64, change: &ScheduleChange<'_>) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE task_triggers SET cron = ?1, interval_seconds = ?2, run_at = ?3, timezone = ?4,
             enabled = ?5, next_run = ?6 WHERE id = ?7",
        params![
            change.cron,
            change.interval_seconds,
            change.run_at.map(clock::iso),
            change.timezone,
            change.enabled,
            change.next_run.map(clock::iso),
            id
        ],
    )?;
    Ok(())
}

/// The task's schedules in creation order.
pub fn of_task(conn: &Connection, task_id: i64) -> rusqlite::Result<Vec<Trigger>> {
    let mut statement = conn
        .prepare(&format!("SELECT {COLUMNS} FROM task_triggers WHERE task_id = ?1 ORDER BY id"))?;
    let rows = statement.query_map([task_id], from_row)?;
    rows.collect()
}

/// The task's inbound webhook and email tokens, each if enabled.
pub fn inbound_tokens(
    conn: &Connection,
    task_id: i64,
) -> rusqlite::Result<(Option<String>, Option<String>)> {
    conn.query_row("SELECT webhook_token, email_token FROM tasks WHERE id = ?1", [task_id], |row| {
        Ok((row.get(0)?, row.get(1)?))
    })
}

/// Deletes one schedule of the task; whether it existed.
pub fn delete(conn: &Connection, task_id: i64, trigger_id: i64) -> rusqlite::Result<bool> {
    let removed = conn.execute(
        "DELETE FROM task_triggers WHERE id = ?1 AND task_id = ?2",
        params![trigger_id, task_id],
    )?;
    Ok(removed > 0)
}

/// An enabled schedule whose `next_run` has passed.
pub struct DueTrigger {
    pub id: i64,
    pub account_id: i64,
    pub task_id: i64,
    pub cron: Option<String>,
    pub interval_seconds: Option<u64>,
    pub timezone: String,
    /// Set for a one-time schedule: firing spends it.
    pub run_at: Option<String>,
}

fn due_row(row: &Row) -> rusqlite::Result<DueTrigger> {
    Ok(DueTrigger {
        id: row.get(0)?,
        account_id: row.get(1)?,
        task_id: row.get(2)?,
        cron: row.get(3)?,
        interval_seconds: row.get(4)?,
        timezone: row.get(5)?,
        run_at: row.get(6)?,
    })
}

/// The schedules due at `now`, the longest overdue first. A disabled (paused) or archived
/// teammate's schedules wait: they are not due until it is enabled again.
pub fn due(conn: &Connection, now: DateTime<Utc>) -> rusqlite::Result<Vec<DueTrigger>> {
    let mut statement = conn.prepare_cached(
        "SELECT t.id, t.account_id, t.task_id, t.cron, t.interval_seconds, t.timezone, t.run_at
         FROM task_triggers t
         JOIN tasks ON tasks.id = t.task_id
         JOIN teammates ON teammates.id = tasks.teammate_id
         WHERE t.enabled = 1 AND t.next_run IS NOT NULL AND t.next_run <= ?1
           AND teammates.status = 'enabled' AND tasks.status = 'enabled'
         ORDER BY t.next_run, t.id",
    )?;
    let rows = statement.query_map([clock::iso(now)], due_row)?;
    rows.collect()
}

/// Whose schedules to re-arm: a teammate's tasks', or one task's.
#[derive(Clone, Copy)]
pub enum Owner {
    Teammate(i64),
    Task(i64),
}

/// The enabled schedules of a teammate's tasks or of one task, to re-arm when it is enabled
/// again.
pub fn enabled_of(conn: &Connection, owner: Owner) -> rusqlite::Result<Vec<DueTrigger>> {
    let (column, id) = match owner {
        Owner::Teammate(id) => ("tasks.teammate_id", id),
        Owner::Task(id) => ("tasks.id", id),
    };
    let mut statement = conn.prepare_cached(&format!(
        "SELECT t.id, t.account_id, t.task_id, t.cron, t.interval_seconds, t.timezone, t.run_at
         FROM task_triggers t JOIN tasks ON tasks.id = t.task_id
         WHERE {column} = ?1 AND t.enabled = 1 ORDER BY t.id"
    ))?;
    let rows = statement.query_map([id], due_row)?;
    rows.collect()
}

/// Sets when a schedule next fires (`None`: never).
pub fn set_next_run(
    conn: &Connection,
    id: i64,
    next: Option<DateTime<Utc>>,
) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE task_triggers SET next_run = ?1 WHERE id = ?2",
        params![next.map(clock::iso), id],
    )?;
    Ok(())
}

/// Claims a due schedule at `now` and re-arms it for `next` (with `None`, as a one-time
/// schedule is, it is spent: disabled); false when it was deleted, disabled or claimed since
/// it was selected.
pub fn claim(
    conn: &Connection,
    id: i64,
    now: DateTime<Utc>,
    next: Option<DateTime<Utc>>,
) -> rusqlite::Result<bool> {
    let claimed = conn.execute(
        "UPDATE task_triggers SET next_run = ?2, last_run_at = ?3, enabled = (?2 IS NOT NULL) \
         WHERE id = ?1 AND enabled = 1 AND next_run <= ?3",
        params![id, next.map(clock::iso), clock::iso(now)],
    )?;
    Ok(claimed == 1)
}
