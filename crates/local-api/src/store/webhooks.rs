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

const COLUMNS: &str = "id, url, events, secret, active, created_at, updated_at";

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

/// The account's endpoints after id `after`, secrets masked.
pub fn list(
    conn: &Connection,
    account_id: i64,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<Webhook>> {
    let mut statement = conn.prepare_cached(&format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE account_id = ?1 AND id > ?2
         ORDER BY id LIMIT ?3"
    ))?;
    let rows = statement
        .query_map(params![account_id, after, limit], |row| from_row(row, Secret::Masked))?;
    rows.collect()
}

/// Creates an endpoint signing with `secret`; returns its id.
pub fn insert(
    conn: &Connection,
    account_id: i64,
    url: &str,
    events: &[WebhookEventName],
    secret: &str,
) -> rusqlite::Result<i64> {
    conn.execute(
        "INSERT INTO webhook_endpoints (account_id, url, events, secret, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            account_id,
            url,
            json_column::write(Some(&names(events)))?,
            secret,
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

/// The account's active endpoints subscribed to `event`.
pub fn subscribed(
    conn: &Connection,
    account_id: i64,
    event: WebhookEventName,
) -> rusqlite::Result<Vec<i64>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, events FROM webhook_endpoints WHERE account_id = ?1 AND active = 1 ORDER BY id",
    )?;
    let rows = statement.query_map([account_id], |row| Ok((row.get(0)?, row.get(1)?)))?;
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
