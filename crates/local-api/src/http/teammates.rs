//! Teammates (wire.md §2.1, §11), served under `/teammates` and its alias `/agents` (D3):
//! CRUD and archive-on-delete. Their states (disable, enable, unarchive, reset) are in
//! `teammate_states`, the inbound webhook URL and email inbox in `teammate_inbound`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{Page, Teammate, TeammateCreate, TeammateListParams, TeammateUpdate};
use rusqlite::Connection;
use serde::Deserialize;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::{owned_by, HasOwner, OwnerFilter};
use crate::http::pagination::PageRequest;
use crate::http::{teammate_inbound, teammate_states};
use crate::state::AppState;
use crate::store::teammates::{self, Inbound, TeammateFilter};
use crate::store::tokens::ensure_inbound_token;

pub fn routes() -> Router<AppState> {
    let mut router = Router::new();
    for base in ["/teammates", "/agents"] {
        router = collection(router, base, get(list).post(create))
            .route(&format!("{base}/{{id}}"), get(show).patch(update).delete(archive));
        router = teammate_inbound::routes(router, base);
        router = teammate_states::routes(router, base);
    }
    router
}

/// `POST /teammates`: SDK 4.49 can ask for the inbound webhook URL and the email inbox at
/// once (`webhook: true`, `email_inbox: true`).
#[derive(Deserialize)]
struct CreateBody {
    #[serde(flatten)]
    teammate: TeammateCreate,
    #[serde(default)]
    webhook: bool,
    #[serde(default)]
    email_inbox: bool,
}

/// The account's teammate `id`, archived ones included; 404 for anyone else's.
pub fn load(conn: &Connection, account_id: i64, id: i64) -> ApiResult<Teammate> {
    teammates::find(conn, account_id, id)?
        .ok_or_else(|| ApiError::not_found(format!("teammate {id}")))
}

/// [`load`], and 404 too for another end user's when the request names one (`?user_id=`).
pub fn load_owned(
    conn: &Connection,
    account_id: i64,
    id: i64,
    owner: &OwnerFilter,
) -> ApiResult<Teammate> {
    owned_by(load(conn, account_id, id)?, owner.user_id.as_deref())
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<CreateBody>,
) -> ApiResult<(StatusCode, Json<Teammate>)> {
    let mut conn = state.store.lock();
    let tx = conn.transaction()?;
    let teammate = teammates::insert(&tx, account.id, &body.teammate)?;
    if body.webhook {
        ensure_inbound_token(&tx, "teammates", teammate.id, Inbound::Webhook.column())?;
    }
    if body.email_inbox {
        ensure_inbound_token(&tx, "teammates", teammate.id, Inbound::Email.column())?;
    }
    let teammate = load(&tx, account.id, teammate.id)?;
    tx.commit()?;
    Ok((StatusCode::CREATED, Json(teammate)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<TeammateListParams>,
) -> ApiResult<Json<Page<Teammate>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    if query.fields.as_deref().is_some_and(|fields| fields != "summary") {
        return Err(ApiError::validation("fields must be \"summary\" or absent"));
    }
    let filter = TeammateFilter {
        user_id: query.user_id.as_deref(),
        include_archived: query.include_archived.unwrap_or(false),
    };
    let rows = teammates::list(
        &state.store.lock(),
        account.id,
        &filter,
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
    load_owned(&state.store.lock(), account.id, id, &owner).map(Json)
}

async fn update(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<TeammateUpdate>,
) -> ApiResult<Json<Teammate>> {
    let conn = state.store.lock();
    let mut teammate = load_owned(&conn, account.id, id, &owner)?;
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
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<StatusCode> {
    let conn = state.store.lock();
    let teammate = load_owned(&conn, account.id, id, &owner)?;
    if !teammates::is_archived(&teammate) {
        teammates::archive(&conn, id)?;
    }
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
