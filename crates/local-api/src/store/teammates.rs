//! Teammates (`teammates`): their wire form, what a run needs of one ([`TeammateInfo`]), and
//! the inbound tokens (webhook URL, inbox address) that start runs.

use m8tes_protocol::types::{Teammate, TeammateCreate};
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::{json_column, StoreError};
use crate::clock;
use crate::secret::inbox_address;
use crate::store::tokens::find_by_token;

/// The status an archived teammate (or task) has.
pub const ARCHIVED: &str = "archived";
/// A teammate at work (the default).
pub const ENABLED: &str = "enabled";
/// A paused teammate (SDK 4.49 `disable`): listed, but its tasks' schedules do not fire.
pub const DISABLED: &str = "disabled";

const COLUMNS: &str = "id, name, instructions, tools, role, goals, user_id, metadata, \
    allowed_senders, status, created_at, updated_at, email_token, \
    webhook_token IS NOT NULL AND webhook_paused = 0";

fn from_row(row: &Row) -> rusqlite::Result<Teammate> {
    let email_token: Option<String> = row.get(12)?;
    Ok(Teammate {
        id: row.get(0)?,
        name: row.get(1)?,
        instructions: row.get(2)?,
        tools: json_column::read(row.get(3)?),
        role: row.get(4)?,
        goals: row.get(5)?,
        user_id: row.get(6)?,
        metadata: json_column::read(row.get(7)?),
        allowed_senders: json_column::read(row.get(8)?),
        status: row.get(9)?,
        created_at: row.get(10)?,
        updated_at: row.get(11)?,
        inbound_email_enabled: Some(email_token.is_some()),
        email_address: email_token.as_deref().map(inbox_address),
        webhook_enabled: Some(row.get(13)?),
        extra: Default::default(),
    })
}

pub fn is_archived(teammate: &Teammate) -> bool {
    teammate.status.as_deref() == Some(ARCHIVED)
}

/// The account's teammate `id`, archived ones included.
pub fn find(conn: &Connection, account_id: i64, id: i64) -> rusqlite::Result<Option<Teammate>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM teammates WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        from_row,
    )
    .optional()
}

/// Filters of `GET /teammates/`.
#[derive(Default)]
pub struct TeammateFilter<'a> {
    pub user_id: Option<&'a str>,
    pub include_archived: bool,
}

/// The account's teammates after id `after` (archived ones only when asked), optionally of
/// one user.
pub fn list(
    conn: &Connection,
    account_id: i64,
    filter: &TeammateFilter<'_>,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<Teammate>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM teammates
         WHERE account_id = ?1 AND (?5 OR status != 'archived') AND id > ?2
           AND (?3 IS NULL OR user_id = ?3)
         ORDER BY id LIMIT ?4"
    ))?;
    let values = params![account_id, after, filter.user_id, limit, filter.include_archived];
    let rows = statement.query_map(values, from_row)?;
    rows.collect()
}

/// Creates a teammate; also how a run's "quick start" (a `name` without `teammate_id`,
/// wire.md §2.2) makes one, so both are validated alike.
pub fn insert(
    conn: &Connection,
    account_id: i64,
    body: &TeammateCreate,
) -> Result<Teammate, StoreError> {
    check_name(&body.name)?;
    check_senders(body.allowed_senders.as_deref())?;
    conn.execute(
        "INSERT INTO teammates (account_id, name, instructions, tools, role, goals, user_id,
             metadata, allowed_senders, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
        params![
            account_id,
            body.name,
            body.instructions,
            json_column::write(Some(&body.tools.clone().unwrap_or_default()))?,
            body.role,
            body.goals,
            body.user_id,
            json_column::write(body.metadata.as_ref())?,
            json_column::write(body.allowed_senders.as_ref())?,
            clock::now_iso(),
        ],
    )?;
    let id = conn.last_insert_rowid();
    Ok(find(conn, account_id, id)?.ok_or(rusqlite::Error::QueryReturnedNoRows)?)
}

/// Writes back the editable fields of `teammate` (after the caller merged a change into it).
pub fn update(conn: &Connection, teammate: &Teammate) -> Result<(), StoreError> {
    check_name(&teammate.name)?;
    check_senders(teammate.allowed_senders.as_deref())?;
    conn.execute(
        "UPDATE teammates SET name = ?1, instructions = ?2, tools = ?3, role = ?4, goals = ?5,
             metadata = ?6, allowed_senders = ?7, updated_at = ?8
         WHERE id = ?9",
        params![
            teammate.name,
            teammate.instructions,
            json_column::write(teammate.tools.as_ref())?,
            teammate.role,
            teammate.goals,
            json_column::write(teammate.metadata.as_ref())?,
            json_column::write(teammate.allowed_senders.as_ref())?,
            clock::now_iso(),
            teammate.id,
        ],
    )?;
    Ok(())
}

/// Archives: the row stays, and its webhook URL and inbox stop working.
pub fn archive(conn: &Connection, id: i64) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE teammates SET status = 'archived', webhook_token = NULL, email_token = NULL,
             updated_at = ?1 WHERE id = ?2",
        params![clock::now_iso(), id],
    )?;
    Ok(())
}

/// Sets the status (`ENABLED`, `DISABLED`); archiving is [`archive`].
pub fn set_status(conn: &Connection, id: i64, status: &str) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE teammates SET status = ?1, updated_at = ?2 WHERE id = ?3",
        params![status, clock::now_iso(), id],
    )?;
    Ok(())
}

/// Which inbound token of a teammate or a task.
#[derive(Debug, Clone, Copy)]
pub enum Inbound {
    Webhook,
    Email,
}

impl Inbound {
    pub fn column(self) -> &'static str {
        match self {
            Inbound::Webhook => "webhook_token",
            Inbound::Email => "email_token",
        }
    }
}

/// Turns the teammate's webhook URL or inbox off (a later enable mints a new token).
/// Destroying the webhook also forgets its pause (a new one starts enabled); the inbox has
/// none, so clearing it leaves a paused webhook paused.
pub fn clear_token(conn: &Connection, id: i64, which: Inbound) -> rusqlite::Result<()> {
    let pause = match which {
        Inbound::Webhook => ", webhook_paused = 0",
        Inbound::Email => "",
    };
    conn.execute(
        &format!(
            "UPDATE teammates SET {} = NULL{pause}, updated_at = ?1 WHERE id = ?2",
            which.column()
        ),
        params![clock::now_iso(), id],
    )?;
    Ok(())
}

fn check_name(name: &str) -> Result<(), StoreError> {
    let length = name.trim().chars().count();
    if length == 0 || name.chars().count() > 255 {
        return Err(StoreError::Invalid("name must be 1 to 255 characters".into()));
    }
    Ok(())
}

fn check_senders(senders: Option<&[String]>) -> Result<(), StoreError> {
    if senders.unwrap_or_default().iter().any(|s| s.trim().is_empty()) {
        return Err(StoreError::Invalid("allowed_senders must not contain empty entries".into()));
    }
    Ok(())
}

/// What a run needs of its teammate.
#[derive(Debug, Clone)]
pub struct TeammateInfo {
    pub id: i64,
    pub account_id: i64,
    pub instructions: Option<String>,
    pub tools: Vec<String>,
    pub user_id: Option<String>,
    pub allowed_senders: Option<Vec<String>>,
    pub status: String,
    /// The inbound webhook is paused (its URL kept, POSTs refused).
    pub webhook_paused: bool,
}

impl TeammateInfo {
    pub fn is_archived(&self) -> bool {
        self.status == ARCHIVED
    }
}

const INFO_COLUMNS: &str =
    "id, account_id, instructions, tools, user_id, allowed_senders, status, webhook_paused";

fn info_row(row: &Row<'_>) -> rusqlite::Result<TeammateInfo> {
    Ok(TeammateInfo {
        id: row.get(0)?,
        account_id: row.get(1)?,
        instructions: row.get(2)?,
        tools: json_column::read::<Vec<String>>(row.get(3)?).unwrap_or_default(),
        user_id: row.get(4)?,
        allowed_senders: json_column::read(row.get(5)?),
        status: row.get(6)?,
        webhook_paused: row.get(7)?,
    })
}

/// The account's teammate `id` as a run sees it, archived or not.
pub fn info(conn: &Connection, account_id: i64, id: i64) -> rusqlite::Result<Option<TeammateInfo>> {
    conn.query_row(
        &format!("SELECT {INFO_COLUMNS} FROM teammates WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        info_row,
    )
    .optional()
}

/// Teammate `id` with its inbound webhook token (compared by the caller).
pub fn info_for_webhook(
    conn: &Connection,
    id: i64,
) -> rusqlite::Result<Option<(TeammateInfo, Option<String>)>> {
    conn.query_row(
        &format!("SELECT {INFO_COLUMNS}, webhook_token FROM teammates WHERE id = ?1"),
        [id],
        |row| Ok((info_row(row)?, row.get(8)?)),
    )
    .optional()
}

/// The teammate whose inbox address has the local part `token` (compared in constant time).
pub fn info_by_email_token(
    conn: &Connection,
    token: &str,
) -> rusqlite::Result<Option<TeammateInfo>> {
    let Some(id) = find_by_token(conn, "teammates", "email_token", token)? else { return Ok(None) };
    conn.query_row(&format!("SELECT {INFO_COLUMNS} FROM teammates WHERE id = ?1"), [id], info_row)
        .optional()
}
