//! Teammates (wire.md §2.1), served under `/teammates` and its alias `/agents` (D3): CRUD,
//! archive-on-delete, and the inbound webhook URL and email inbox that start runs.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{get, post};
use axum::{Json, Router};
use m8tes_protocol::types::{
    EmailInbox, Page, Teammate, TeammateCreate, TeammateListParams, TeammateUpdate, TeammateWebhook,
};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;
use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::{owned_by, HasOwner, OwnerFilter};
use crate::http::pagination::PageRequest;
use crate::secret::{ensure_inbound_token, inbox_address};
use crate::state::AppState;
use crate::store::json_column;

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

const COLUMNS: &str = "id, name, instructions, tools, role, goals, user_id, metadata, \
    allowed_senders, status, created_at, updated_at, email_token";

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
        extra: Default::default(),
    })
}

/// The account's teammate `id`, archived ones included; 404 for anyone else's.
pub fn load(conn: &Connection, account_id: i64, id: i64) -> ApiResult<Teammate> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM teammates WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| ApiError::not_found(format!("teammate {id}")))
}

/// Creates a teammate; also how a run's "quick start" (a `name` without `teammate_id`,
/// wire.md §2.2) makes one, so both are validated alike.
pub fn insert(conn: &Connection, account_id: i64, body: &TeammateCreate) -> ApiResult<Teammate> {
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
    load(conn, account_id, conn.last_insert_rowid())
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<TeammateCreate>,
) -> ApiResult<(StatusCode, Json<Teammate>)> {
    let teammate = insert(&state.store.lock(), account.id, &body)?;
    Ok((StatusCode::CREATED, Json(teammate)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<TeammateListParams>,
) -> ApiResult<Json<Page<Teammate>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let conn = state.store.lock();
    let sql = &format!(
        "SELECT {COLUMNS} FROM teammates
         WHERE account_id = ?1 AND status != 'archived' AND id > ?2
           AND (?3 IS NULL OR user_id = ?3)
         ORDER BY id LIMIT ?4"
    );
    Ok(Json(page.fetch(
        &conn,
        sql,
        params![account.id, page.starting_after, query.user_id, page.fetch_limit()],
        from_row,
        |t| t.id,
    )?))
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
        check_name(&name)?;
        teammate.name = name;
    }
    check_senders(body.allowed_senders.as_deref())?;
    teammate.instructions = body.instructions.or(teammate.instructions);
    teammate.tools = body.tools.or(teammate.tools);
    teammate.role = body.role.or(teammate.role);
    teammate.goals = body.goals.or(teammate.goals);
    teammate.metadata = body.metadata.or(teammate.metadata);
    teammate.allowed_senders = body.allowed_senders.or(teammate.allowed_senders);
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
            id,
        ],
    )?;
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
    if teammate.status.as_deref() != Some("archived") {
        conn.execute(
            "UPDATE teammates SET status = 'archived', webhook_token = NULL, email_token = NULL,
                 updated_at = ?1 WHERE id = ?2",
            params![clock::now_iso(), id],
        )?;
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
    let token = ensure_token(&state, account.id, id, "webhook_token")?;
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
    clear_token(&state, account.id, id, "webhook_token")
}

/// Idempotent: an enabled inbox keeps its address.
async fn enable_inbox(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<(StatusCode, Json<EmailInbox>)> {
    let token = ensure_token(&state, account.id, id, "email_token")?;
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
    clear_token(&state, account.id, id, "email_token")
}

/// The teammate's token in `column` (`webhook_token` or `email_token`), minted if unset.
fn ensure_token(
    state: &AppState,
    account_id: i64,
    id: i64,
    column: &'static str,
) -> ApiResult<String> {
    let conn = state.store.lock();
    let teammate = load(&conn, account_id, id)?;
    if teammate.status.as_deref() == Some("archived") {
        return Err(ApiError::conflict(format!("teammate {id} is archived"))
            .with_error_code("teammate_archived"));
    }
    Ok(ensure_inbound_token(&conn, "teammates", id, column)?)
}

fn clear_token(state: &AppState, account_id: i64, id: i64, column: &str) -> ApiResult<StatusCode> {
    let conn = state.store.lock();
    load(&conn, account_id, id)?;
    conn.execute(
        &format!("UPDATE teammates SET {column} = NULL, updated_at = ?1 WHERE id = ?2"),
        params![clock::now_iso(), id],
    )?;
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

fn check_name(name: &str) -> ApiResult<()> {
    let length = name.trim().chars().count();
    if length == 0 || name.chars().count() > 255 {
        return Err(ApiError::validation("name must be 1 to 255 characters"));
    }
    Ok(())
}

fn check_senders(senders: Option<&[String]>) -> ApiResult<()> {
    if senders.unwrap_or_default().iter().any(|s| s.trim().is_empty()) {
        return Err(ApiError::validation("allowed_senders must not contain empty entries"));
    }
    Ok(())
}
