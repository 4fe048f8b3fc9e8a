//! The outbound webhook registry (wire.md §2.9): endpoints a run's events are POSTed to, and
//! the log of those deliveries (rows written by the delivery worker, `webhooks.rs`).
//!
//! The hosted service accepts only public `https` URLs; this server also takes `http` and
//! local hosts, because the receivers a developer tests with run on their own machine.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{Page, Webhook, WebhookCreate, WebhookDelivery, WebhookUpdate};
use rusqlite::Connection;
use serde::Deserialize;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::{owned_by, HasOwner, OwnerFilter};
use crate::http::pagination::PageRequest;
use crate::model::WebhookEventName;
use crate::secret::random_hex;
use crate::state::AppState;
use crate::store::deliveries;
use crate::store::users::check_user_id;
use crate::store::webhooks::{self, EndpointChange, NewEndpoint, Secret};

const MAX_URL_BYTES: usize = 2048;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/webhooks", get(list).post(create))
        .route("/webhooks/{id}", get(show).patch(update).delete(remove))
        .route("/webhooks/{id}/deliveries", get(deliveries))
        .route("/webhooks/{id}/deliveries/", get(deliveries))
}

/// `POST /webhooks`: SDK 4.49 adds `user_id`, which scopes the endpoint to that end user.
#[derive(Deserialize)]
struct CreateBody {
    #[serde(flatten)]
    endpoint: WebhookCreate,
    #[serde(default)]
    user_id: Option<String>,
}

/// The query of the list routes: a page, and with `user_id` only that end user's endpoints.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    limit: Option<u32>,
    starting_after: Option<i64>,
    user_id: Option<String>,
}

/// The account's endpoint `id`; 404 for another account's, or another end user's when the
/// request names one.
fn load(
    conn: &Connection,
    account_id: i64,
    id: i64,
    owner: &OwnerFilter,
    secret: Secret,
) -> ApiResult<Webhook> {
    let webhook = webhooks::find(conn, account_id, id, secret)?
        .ok_or_else(|| ApiError::not_found(format!("webhook {id}")))?;
    owned_by(webhook, owner.user_id.as_deref())
}

/// 64 hex characters: the HMAC key deliveries are signed with (D10).
fn new_secret() -> String {
    random_hex(32)
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(CreateBody { endpoint: body, user_id }): ApiJson<CreateBody>,
) -> ApiResult<(StatusCode, Json<Webhook>)> {
    check_url(&state, &body.url)?;
    if let Some(user_id) = &user_id {
        check_user_id(user_id)?;
    }
    let events = match body.events {
        Some(events) => checked_events(events)?,
        None => WebhookEventName::defaults(),
    };
    let conn = state.store.lock();
    let new = NewEndpoint {
        url: &body.url,
        events: &events,
        user_id: user_id.as_deref(),
        secret: &new_secret(),
    };
    let id = webhooks::insert(&conn, account.id, &new)?;
    let shown = load(&conn, account.id, id, &OwnerFilter::default(), Secret::Full)?;
    Ok((StatusCode::CREATED, Json(shown)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<Webhook>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let rows = webhooks::list(
        &state.store.lock(),
        account.id,
        query.user_id.as_deref(),
        page.starting_after,
        page.fetch_limit(),
    )?;
    Ok(Json(page.page(rows, |w| w.id)))
}

async fn show(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<Webhook>> {
    load(&state.store.lock(), account.id, id, &owner, Secret::Masked).map(Json)
}

/// Changes what the body names; with `rotate_secret: true` a new secret is minted and shown
/// in full this once (the old one stops signing at once).
async fn update(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<WebhookUpdate>,
) -> ApiResult<Json<Webhook>> {
    if let Some(url) = &body.url {
        check_url(&state, url)?;
    }
    let events = body.events.map(checked_events).transpose()?;
    let mut conn = state.store.lock();
    load(&conn, account.id, id, &owner, Secret::Masked)?;
    let change = EndpointChange {
        url: body.url.as_deref(),
        events: events.as_deref(),
        active: body.active,
        secret: body.rotate_secret.then(new_secret),
    };
    webhooks::update(&mut conn, id, &change)?;
    let shown = if body.rotate_secret { Secret::Full } else { Secret::Masked };
    load(&conn, account.id, id, &owner, shown).map(Json)
}

/// Deletes the endpoint and its delivery log; pending deliveries are not attempted again.
async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<StatusCode> {
    let conn = state.store.lock();
    load(&conn, account.id, id, &owner, Secret::Masked)?;
    webhooks::delete(&conn, account.id, id)?;
    Ok(StatusCode::NO_CONTENT)
}

async fn deliveries(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<WebhookDelivery>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let conn = state.store.lock();
    let owner = OwnerFilter { user_id: query.user_id };
    load(&conn, account.id, id, &owner, Secret::Masked)?;
    let rows = deliveries::of_endpoint(&conn, id, page.starting_after, page.fetch_limit())?;
    Ok(Json(page.page(rows, |d| d.id)))
}

/// An absolute `http` or `https` URL with a host (local hosts allowed: see the module doc),
/// which is not one of this server's own inbound routes.
fn check_url(state: &AppState, raw: &str) -> ApiResult<()> {
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
    if is_own_inbound_route(state, &url) {
        return refuse(
            "points at this server's own inbound trigger route: every delivery would start a \
             run whose events are delivered again, without end",
        );
    }
    Ok(())
}

/// Whether `url` names this server (a loopback alias, its bind address or its origin's host,
/// on its port) and a path under `/api/v2/inbound`. A name that only resolves here is caught
/// on arrival instead (`http/inbound.rs` refuses this server's own signed deliveries).
fn is_own_inbound_route(state: &AppState, url: &reqwest::Url) -> bool {
    let origin = reqwest::Url::parse(&state.public_origin).ok();
    let own_port = origin.as_ref().and_then(reqwest::Url::port_or_known_default);
    if url.port_or_known_default() != own_port {
        return false;
    }
    let Some(name) = url.host_str() else { return false };
    let name = name.trim_start_matches('[').trim_end_matches(']').trim_end_matches('.');
    let name = name.to_ascii_lowercase();
    let host = match name.parse::<std::net::IpAddr>() {
        Ok(std::net::IpAddr::V4(ip)) => ip.is_loopback() || ip.is_unspecified(),
        Ok(std::net::IpAddr::V6(ip)) => {
            ip.is_loopback()
                || ip.is_unspecified()
                || ip.to_ipv4_mapped().is_some_and(|v4| v4.is_loopback() || v4.is_unspecified())
        }
        Err(_) => {
            name == "localhost"
                || name.ends_with(".localhost")
                || name == state.config.host.to_ascii_lowercase()
        }
    };
    let same_host = host || origin.as_ref().and_then(|o| o.host_str()) == url.host_str();
    let path = url.path().to_ascii_lowercase();
    same_host && (path == "/api/v2/inbound" || path.starts_with("/api/v2/inbound/"))
}

/// Known event names only, each once, in the order given; `[]` stays empty.
fn checked_events(events: Vec<String>) -> ApiResult<Vec<WebhookEventName>> {
    let mut kept: Vec<WebhookEventName> = Vec::new();
    for name in events {
        let Some(event) = WebhookEventName::parse(&name) else {
            let known: Vec<&str> = WebhookEventName::ALL.iter().map(|e| e.as_str()).collect();
            return Err(ApiError::validation(format!(
                "unknown event {name:?}; known events: {}",
                known.join(", ")
            )));
        };
        if !kept.contains(&event) {
            kept.push(event);
        }
    }
    Ok(kept)
}

impl HasOwner for Webhook {
    const KIND: &'static str = "webhook";
    fn owner(&self) -> Option<&str> {
        self.user_id.as_deref()
    }
    fn key(&self) -> i64 {
        self.id
    }
}
