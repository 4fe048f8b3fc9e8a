//! The outbound webhook registry (wire.md §2.9): endpoints a run's events are POSTed to, and
//! the log of those deliveries (rows written by `outbound`).
//!
//! The hosted service accepts only public `https` URLs; this server also takes `http` and
//! local hosts, because the receivers a developer tests with run on their own machine.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{
    ListParams, Page, Webhook, WebhookCreate, WebhookDelivery, WebhookUpdate,
    DEFAULT_WEBHOOK_EVENTS, WEBHOOK_EVENTS,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;
use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::pagination::PageRequest;
use crate::secret::random_hex;
use crate::state::AppState;
use crate::store::json_column;

const MAX_URL_BYTES: usize = 2048;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/webhooks", get(list).post(create))
        .route("/webhooks/{id}", get(show).patch(update).delete(remove))
        .route("/webhooks/{id}/deliveries", get(deliveries))
        .route("/webhooks/{id}/deliveries/", get(deliveries))
}

/// Whether the secret goes out in full (creation, rotation) or as its first four characters.
#[derive(Clone, Copy, PartialEq)]
enum Secret {
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

fn load(conn: &Connection, account_id: i64, id: i64, secret: Secret) -> ApiResult<Webhook> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM webhook_endpoints WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        |row| from_row(row, secret),
    )
    .optional()?
    .ok_or_else(|| ApiError::not_found(format!("webhook {id}")))
}

/// 64 hex characters: the HMAC key deliveries are signed with (D10).
fn new_secret() -> String {
    random_hex(32)
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<WebhookCreate>,
) -> ApiResult<(StatusCode, Json<Webhook>)> {
    check_url(&body.url)?;
    let events = match body.events {
        Some(events) => checked_events(events)?,
        None => DEFAULT_WEBHOOK_EVENTS.iter().map(|e| e.to_string()).collect(),
    };
    let conn = state.store.lock();
    conn.execute(
        "INSERT INTO webhook_endpoints (account_id, url, events, secret, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5)",
        params![
            account.id,
            body.url,
            json_column::write(Some(&events))?,
            new_secret(),
            clock::now_iso()
        ],
    )?;
    let webhook = load(&conn, account.id, conn.last_insert_rowid(), Secret::Full)?;
    Ok((StatusCode::CREATED, Json(webhook)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<Webhook>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let conn = state.store.lock();
    let sql = &format!(
        "SELECT {COLUMNS} FROM webhook_endpoints WHERE account_id = ?1 AND id > ?2
         ORDER BY id LIMIT ?3"
    );
    Ok(Json(page.fetch(
        &conn,
        sql,
        params![account.id, page.starting_after, page.fetch_limit()],
        |row| from_row(row, Secret::Masked),
        |w| w.id,
    )?))
}

async fn show(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<Json<Webhook>> {
    load(&state.store.lock(), account.id, id, Secret::Masked).map(Json)
}

/// Changes what the body names; with `rotate_secret: true` a new secret is minted and shown
/// in full this once (the old one stops signing at once).
async fn update(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<WebhookUpdate>,
) -> ApiResult<Json<Webhook>> {
    if let Some(url) = &body.url {
        check_url(url)?;
    }
    let events = body.events.map(checked_events).transpose()?;
    let mut conn = state.store.lock();
    load(&conn, account.id, id, Secret::Masked)?;
    let tx = conn.transaction()?;
    let now = clock::now_iso();
    if let Some(url) = &body.url {
        tx.execute("UPDATE webhook_endpoints SET url = ?1 WHERE id = ?2", params![url, id])?;
    }
    if let Some(events) = &events {
        tx.execute(
            "UPDATE webhook_endpoints SET events = ?1 WHERE id = ?2",
            params![json_column::write(Some(events))?, id],
        )?;
    }
    if let Some(active) = body.active {
        tx.execute("UPDATE webhook_endpoints SET active = ?1 WHERE id = ?2", params![active, id])?;
    }
    if body.rotate_secret {
        tx.execute(
            "UPDATE webhook_endpoints SET secret = ?1 WHERE id = ?2",
            params![new_secret(), id],
        )?;
    }
    tx.execute("UPDATE webhook_endpoints SET updated_at = ?1 WHERE id = ?2", params![now, id])?;
    tx.commit()?;
    let shown = if body.rotate_secret { Secret::Full } else { Secret::Masked };
    load(&conn, account.id, id, shown).map(Json)
}

/// Deletes the endpoint and its delivery log; pending deliveries are not attempted again.
async fn remove(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let removed = state.store.lock().execute(
        "DELETE FROM webhook_endpoints WHERE id = ?1 AND account_id = ?2",
        params![id, account.id],
    )?;
    if removed == 0 {
        return Err(ApiError::not_found(format!("webhook {id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}

async fn deliveries(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<WebhookDelivery>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let conn = state.store.lock();
    load(&conn, account.id, id, Secret::Masked)?;
    let sql = "SELECT id, webhook_endpoint_id, event_type, event_id, run_id, status,
             response_status_code, response_body, attempts, next_retry_at, created_at
         FROM webhook_deliveries WHERE webhook_endpoint_id = ?1 AND id > ?2
         ORDER BY id LIMIT ?3";
    Ok(Json(page.fetch(
        &conn,
        sql,
        params![id, page.starting_after, page.fetch_limit()],
        |row| {
            Ok(WebhookDelivery {
                id: row.get(0)?,
                webhook_endpoint_id: row.get(1)?,
                event_type: row.get(2)?,
                event_id: row.get(3)?,
                run_id: row.get(4)?,
                status: row.get(5)?,
                response_status_code: row.get(6)?,
                response_body: row.get(7)?,
                attempts: row.get(8)?,
                next_retry_at: row.get(9)?,
                created_at: row.get(10)?,
                extra: Default::default(),
            })
        },
        |d| d.id,
    )?))
}

/// An absolute `http` or `https` URL with a host (local hosts allowed: see the module doc).
fn check_url(raw: &str) -> ApiResult<()> {
    let refuse = |why: &str| Err(ApiError::validation(format!("url {why}")));
    if raw.len() > MAX_URL_BYTES {
        return refuse("is longer than 2048 bytes");
    }
    let Ok(url) = reqwest::Url::parse(raw) else {
        return refuse("is not an absolute URL");
    };
    if !matches!(url.scheme(), "http" | "https") {
        return refuse("must use http or https");
    }
    if url.host_str().is_none_or(str::is_empty) {
        return refuse("has no host");
    }
    Ok(())
}

/// Known event names only, each once, in the order given; `[]` stays empty.
fn checked_events(events: Vec<String>) -> ApiResult<Vec<String>> {
    let mut kept: Vec<String> = Vec::new();
    for event in events {
        if !WEBHOOK_EVENTS.contains(&event.as_str()) {
            return Err(ApiError::validation(format!(
                "unknown event {event:?}; known events: {}",
                WEBHOOK_EVENTS.join(", ")
            )));
        }
        if !kept.contains(&event) {
            kept.push(event);
        }
    }
    Ok(kept)
}
