//! Outbound webhook endpoints (`webhook_endpoints`): where a run's events are POSTed and with
//! which signing secret.

use m8tes_protocol::types::Webhook;
use rusqlite::{params, Connection, OptionalExtension, Row};

use super::json_column;
use crate::clock;
use crate::model::WebhookEventName;

/// Whether the secret goes out in full (creation, rotation) or as its first four characters.
#[derive(Clone, Copy, PartialEq)]
pub enum Secret {
    Full,
    Masked,
}

const COLUMNS: &str = "id, url, events, secret, active, created_at, updated_at, user_id";

fn from_row(row: &Row, secret: Secret) -> rusqlite::Result<Webhook> {
    let full: String = row.get(3)?;
    Ok(Webhook {
        id: row.get(0)?,
        url: row.get(1)?,
        events: json_column::read(row.get(2)?),
        secret: Some(match secret {
            Secret::Full => full,
            Secret::Masked => format!("{}...", full.chars().take(4).collect::<String>()),
        }),
        active: Some(row.get(4)?),
        created_at: row.get(5)?,
        updated_at: row.get(6)?,
        user_id: row.get(7)?,
        extra: Default::default(),
    })
}

fn names(events: &[WebhookEventName]) -> Vec<&'static str> {
    events.iter().map(|event| event.as_str()).collect()
}

pub fn find(
    conn: &Connection,
    account_id: i64,
    id: i64,
    secret: Secret,
) -> rusqlite::Result<Option<Webhook>> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM webhook_endpoints WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        |row| from_row(row, secret),
    )
    .optional()
}

/// The account's endpoints after id `after` (only one end user's with `user_id`), secrets
/// masked.
pub fn list(
    conn: &Connection,
    account_id: i64,
    user_id: Option<&str>,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<Webhook>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM webhook_endpoints
         WHERE account_id = ?1 AND id > ?2 AND (?3 IS NULL OR user_id = ?3)
         ORDER BY id LIMIT ?4"
    ))?;
    let rows = statement.query_map(params![account_id, after, user_id, limit], |row| {
        from_row(row, Secret::Masked)
    })?;
    rows.collect()
}

/// A new endpoint: where, what, and for whom (`user_id: None` is account-level).
pub struct NewEndpoint<'a> {
    pub url: &'a str,
    pub events: &'a [WebhookEventName],
    pub user_id: Option<&'a str>,
    pub secret: &'a str,
}

/// Creates an endpoint; returns its id.
pub fn insert(conn: &Connection, account_id: i64, new: &NewEndpoint<'_>) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO webhook_endpoints (account_id, url, events, secret, user_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
        params![
            account_id,
            new.url,
            json_column::write(Some(&names(new.events)))?,
            new.secret,
            new.user_id,
            clock::now_iso()
        ],
    )?;
    Ok(conn.last_insert_rowid())
}

/// A change to an endpoint: what is `Some` is set.
#[derive(Default)]
pub struct EndpointChange<'a> {
    pub url: Option<&'a str>,
    pub events: Option<&'a [WebhookEventName]>,
    pub active: Option<bool>,
    pub secret: Option<String>,
}

/// Applies `change` in one transaction.
pub fn update(conn: &mut Connection, id: i64, change: &EndpointChange<'_>) -> rusqlite::Result<()> {
    let tx = conn.transaction()?;
    if let Some(url) = change.url {
        tx.execute("UPDATE webhook_endpoints SET url = ?1 WHERE id = ?2", params![url, id])?;
    }
    if let Some(events) = change.events {
        tx.execute(
            "UPDATE webhook_endpoints SET events = ?1 WHERE id = ?2",
            params![json_column::write(Some(&names(events)))?, id],
        )?;
    }
    if let Some(active) = change.active {
        tx.execute("UPDATE webhook_endpoints SET active = ?1 WHERE id = ?2", params![active, id])?;
    }
    if let Some(secret) = &change.secret {
        tx.execute("UPDATE webhook_endpoints SET secret = ?1 WHERE id = ?2", params![secret, id])?;
    }
    tx.execute(
        "UPDATE webhook_endpoints SET updated_at = ?1 WHERE id = ?2",
        params![clock::now_iso(), id],
    )?;
    tx.commit()
}

/// Deletes the endpoint and its delivery log; whether it existed.
pub fn delete(conn: &Connection, account_id: i64, id: i64) -> rusqlite::Result<bool> {
    let removed = conn.execute(
        "DELETE FROM webhook_endpoints WHERE id = ?1 AND account_id = ?2",
        params![id, account_id],
    )?;
    Ok(removed > 0)
}

/// The active endpoints subscribed to `event` that may see a run of `run_user` (its end user,
/// `None` for an account-level run): the account-level ones, and that end user's own. An end
/// user's endpoint never sees another end user's runs, nor account-level ones.
pub fn subscribed(
    conn: &Connection,
    account_id: i64,
    run_user: Option<&str>,
    event: WebhookEventName,
) -> rusqlite::Result<Vec<i64>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, events FROM webhook_endpoints
         WHERE account_id = ?1 AND active = 1 AND (user_id IS NULL OR user_id = ?2)
         ORDER BY id",
    )?;
    let rows =
        statement.query_map(params![account_id, run_user], |row| Ok((row.get(0)?, row.get(1)?)))?;
    let mut ids = Vec::new();
    for row in rows {
        let (id, events): (i64, String) = row?;
        let events: Vec<String> = serde_json::from_str(&events).unwrap_or_default();
        if events.iter().any(|name| name == event.as_str()) {
            ids.push(id);
        }
    }
    Ok(ids)
}
