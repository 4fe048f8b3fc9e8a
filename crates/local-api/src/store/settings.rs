//! Account settings (`account_settings`); an account without a row has the defaults.

use m8tes_protocol::types::Settings;
use rusqlite::{params, Connection, OptionalExtension, Row};

/// The retention modes SDK 4.49 names.
pub const RETENTION_MODES: [&str; 2] = ["standard", "metadata_only"];

const COLUMNS: &str = "company_research, per_end_user_run_limit, per_end_user_cost_limit_cents, \
    per_end_user_rate_per_minute, retention_mode, require_end_user_id, approval_email_enabled, \
    approval_slack_enabled, result_email_enabled, result_slack_enabled";

fn from_row(row: &Row) -> rusqlite::Result<Settings> {
    Ok(Settings {
        company_research: row.get(0)?,
        per_end_user_run_limit: row.get(1)?,
        per_end_user_cost_limit_cents: row.get(2)?,
        per_end_user_rate_per_minute: row.get(3)?,
        retention_mode: row.get(4)?,
        require_end_user_id: Some(row.get(5)?),
        approval_email_enabled: Some(row.get(6)?),
        approval_slack_enabled: Some(row.get(7)?),
        result_email_enabled: Some(row.get(8)?),
        result_slack_enabled: Some(row.get(9)?),
        extra: Default::default(),
    })
}

/// An account's settings; new accounts have the column defaults (company research on, no
/// caps, standard retention, every notification on).
pub fn read(conn: &Connection, account_id: i64) -> rusqlite::Result<Settings> {
    let stored = conn
        .query_row(
            &format!("SELECT {COLUMNS} FROM account_settings WHERE account_id = ?1"),
            [account_id],
            from_row,
        )
        .optional()?;
    Ok(stored.unwrap_or_else(defaults))
}

/// The settings of an account that never changed them (the columns' defaults).
fn defaults() -> Settings {
    Settings {
        company_research: true,
        per_end_user_run_limit: None,
        per_end_user_cost_limit_cents: None,
        per_end_user_rate_per_minute: None,
        retention_mode: RETENTION_MODES[0].into(),
        require_end_user_id: Some(false),
        approval_email_enabled: Some(true),
        approval_slack_enabled: Some(true),
        result_email_enabled: Some(true),
        result_slack_enabled: Some(true),
        extra: Default::default(),
    }
}

/// A change to the settings: what is `Some` is set; a cap of `Some(None)` is cleared.
#[derive(Default)]
pub struct SettingsChange<'a> {
    pub company_research: Option<bool>,
    pub per_end_user_run_limit: Option<Option<i64>>,
    pub per_end_user_cost_limit_cents: Option<Option<i64>>,
    pub per_end_user_rate_per_minute: Option<Option<i64>>,
    pub retention_mode: Option<&'a str>,
    pub require_end_user_id: Option<bool>,
    pub approval_email_enabled: Option<bool>,
    pub approval_slack_enabled: Option<bool>,
    pub result_email_enabled: Option<bool>,
    pub result_slack_enabled: Option<bool>,
}

/// Applies `change` in one transaction.
pub fn update(
    conn: &mut Connection,
    account_id: i64,
    change: &SettingsChange<'_>,
) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    tx.execute("INSERT OR IGNORE INTO account_settings (account_id) VALUES (?1)", [account_id])?;
    let set = |column: &str, value: &dyn rusqlite::ToSql| {
        tx.execute(
            &format!("UPDATE account_settings SET {column} = ?1 WHERE account_id = ?2"),
            params![value, account_id],
        )
    };
    let flags = [
        ("company_research", change.company_research),
        ("require_end_user_id", change.require_end_user_id),
        ("approval_email_enabled", change.approval_email_enabled),
        ("approval_slack_enabled", change.approval_slack_enabled),
        ("result_email_enabled", change.result_email_enabled),
        ("result_slack_enabled", change.result_slack_enabled),
    ];
    for (column, value) in flags {
        if let Some(value) = value {
            set(column, &value)?;
        }
    }
    let caps = [
        ("per_end_user_run_limit", change.per_end_user_run_limit),
        ("per_end_user_cost_limit_cents", change.per_end_user_cost_limit_cents),
        ("per_end_user_rate_per_minute", change.per_end_user_rate_per_minute),
    ];
    for (column, value) in caps {
        if let Some(value) = value {
            set(column, &value)?;
        }
    }
    if let Some(mode) = change.retention_mode {
        set("retention_mode", &mode)?;
    }
    tx.commit()
}
