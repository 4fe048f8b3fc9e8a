//! Teammates (wire.md §2.1), served under `/teammates` and its alias `/agents` (D3): CRUD,
//! archive-on-delete, and the inbound webhook URL and email inbox that start runs.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use m8tes_protocol::types::{
    EmailInbox, Page, Teammate, TeammateCreate, TeammateListParams, TeammateUpdate, TeammateWebhook,
};
use rusqlite::Connection;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::{owned_by, HasOwner, OwnerFilter};
use crate::http::pagination::PageRequest;
use crate::secret::inbox_address;
use crate::state::AppState;
use crate::store::teammates::{self, Inbound};
use crate::store::tokens::ensure_inbound_token;

pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for base in ["/teammates", "/agents"] {
        router = collection(router, base, get(list).post(create))
            .route(&format!("{base}/{{id}}"), get(show).patch(update).delete(archive))
            .route(&format!("{base}/{{id}}/webhook"), post(enable_webhook).delete(disable_webhook))
            .route(&format!("{base}/{{id}}/email-inbox"), post(enable_inbox).delete(disable_inbox));
    }
    router
}

/// The account's teammate `id`, archived ones included; 404 for anyone else's.
pub fn load(conn: &Connection, account_id: i64, id: i64) -> ApiResult<Teammate> {
    teammates::find(conn, account_id, id)?
        .ok_or_else(|| ApiError::not_found(format!("teammate {id}")))
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<TeammateCreate>,
) -> ApiResult<(StatusCode, Json<Teammate>)> {
    let teammate = teammates::insert(&state.store.lock(), account.id, &body)?;
    Ok((StatusCode::CREATED, Json(teammate)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<TeammateListParams>,
) -> ApiResult<Json<Page<Teammate>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let rows = teammates::list(
        &state.store.lock(),
        account.id,
        query.user_id.as_deref(),
        page.starting_after,
        page.fetch_limit(),
    )?;
    Ok(Json(page.page(rows, |t| t.id)))
}

async fn show(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<Teammate>> {
    let teammate = load(&state.store.lock(), account.id, id)?;
    owned_by(teammate, owner.user_id.as_deref()).map(Json)
}

async fn update(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<TeammateUpdate>,
) -> ApiResult<Json<Teammate>> {
    let conn = state.store.lock();
    let mut teammate = load(&conn, account.id, id)?;
    if let Some(name) = body.name {
        teammate.name = name;
    }
    teammate.instructions = body.instructions.or(teammate.instructions);
    teammate.tools = body.tools.or(teammate.tools);
    teammate.role = body.role.or(teammate.role);
    teammate.goals = body.goals.or(teammate.goals);
    teammate.metadata = body.metadata.or(teammate.metadata);
    teammate.allowed_senders = body.allowed_senders.or(teammate.allowed_senders);
    teammates::update(&conn, &teammate)?;
    load(&conn, account.id, id).map(Json)
}

/// Archives: the teammate stays readable by id but leaves lists, and its webhook URL and
/// inbox stop working. Repeating it is a no-op.
async fn archive(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let conn = state.store.lock();
    let teammate = load(&conn, account.id, id)?;
    if !teammates::is_archived(&teammate) {
        teammates::archive(&conn, id)?;
    }
    Ok(StatusCode::NO_CONTENT)
}

/// Idempotent: an enabled webhook keeps its URL; after a disable, a new one is minted.
async fn enable_webhook(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<TeammateWebhook>)> {
    let token = ensure_token(&state, account.id, id, Inbound::Webhook)?;
    let url = format!("{}/api/v2/inbound/webhooks/teammates/{id}/{token}", state.public_origin);
    Ok((
        StatusCode::CREATED,
        Json(TeammateWebhook { enabled: true, url: Some(url), extra: Default::default() }),
    ))
}

async fn disable_webhook(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    clear_token(&state, account.id, id, Inbound::Webhook)
}

/// Idempotent: an enabled inbox keeps its address.
async fn enable_inbox(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<EmailInbox>)> {
    let token = ensure_token(&state, account.id, id, Inbound::Email)?;
    Ok((
        StatusCode::CREATED,
        Json(EmailInbox {
            enabled: true,
            address: Some(inbox_address(&token)),
            extra: Default::default(),
        }),
    ))
}

async fn disable_inbox(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    clear_token(&state, account.id, id, Inbound::Email)
}

/// The teammate's token in `column` (`webhook_token` or `email_token`), minted if unset.
fn ensure_token(state: &AppState, account_id: i64, id: i64, which: Inbound) -> ApiResult<String> {
    let conn = state.store.lock();
    let teammate = load(&conn, account_id, id)?;
    if teammates::is_archived(&teammate) {
        return Err(ApiError::conflict(format!("teammate {id} is archived"))
            .with_error_code("teammate_archived"));
    }
    Ok(ensure_inbound_token(&conn, "teammates", id, which.column())?)
}

fn clear_token(
    state: &AppState,
    account_id: i64,
    id: i64,
    which: Inbound,
) -> ApiResult<StatusCode> {
    let conn = state.store.lock();
    load(&conn, account_id, id)?;
    teammates::clear_token(&conn, id, which)?;
    Ok(StatusCode::NO_CONTENT)
}

impl HasOwner for Teammate {
    const KIND: &'static str = "teammate";
    fn owner(&self) -> Option<&str> {
        self.user_id.as_deref()
    }
    fn key(&self) -> i64 {
        self.id
    }
}
