//! Memories (wire.md §2.6, §11): facts about one end user, or (SDK 4.49, without `user_id`)
//! about the account, seen by runs without a user. The scopes never mix. 1–300 characters
//! once trimmed, unique per scope ignoring case and spacing. Creating one for an end user
//! creates the end user's profile if needed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{Memory, Page};
use serde::Deserialize;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::OwnerFilter;
use crate::http::pagination::PageRequest;
use crate::state::AppState;
use crate::store::memories::{self, checked_content, insert, AUDIENCES};
use crate::store::users::{check_user_id, scope};

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/memories", get(list).post(create))
        .route("/memories/{id}", get(show).patch(update).delete(remove))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    content: String,
    #[serde(default)]
    user_id: Option<String>,
    #[serde(default)]
    audience: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    user_id: Option<String>,
    /// Keeps memories whose content holds it, ignoring case (never widens the scope).
    query: Option<String>,
    limit: Option<u32>,
    starting_after: Option<i64>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UpdateBody {
    content: Option<String>,
    audience: Option<String>,
}

/// A named `user_id` is checked (an explicit blank one is refused, not taken as the account).
fn checked_scope(user_id: Option<&str>) -> ApiResult<&str> {
    if let Some(user_id) = user_id {
        check_user_id(user_id)?;
    }
    Ok(scope(user_id))
}

fn checked_audience(audience: Option<&str>) -> ApiResult<()> {
    match audience {
        Some(audience) if !AUDIENCES.contains(&audience) => {
            Err(ApiError::validation(format!("audience must be one of {}", AUDIENCES.join(", "))))
        }
        _ => Ok(()),
    }
}

fn duplicate() -> ApiError {
    ApiError::conflict("this scope already has that memory").with_error_code("duplicate_memory")
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<CreateBody>,
) -> ApiResult<(StatusCode, Json<Memory>)> {
    let user_id = checked_scope(body.user_id.as_deref())?;
    checked_audience(body.audience.as_deref())?;
    let content = checked_content(user_id, &body.content)?;
    let conn = state.store.lock();
    let mut memory = insert(&conn, account.id, user_id, content, "api")?.ok_or_else(duplicate)?;
    if let Some(audience) = body.audience {
        memories::set_audience(&conn, memory.id, &audience)?;
        memory.audience = Some(audience);
    }
    Ok((StatusCode::CREATED, Json(memory)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<Memory>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let user_id = checked_scope(query.user_id.as_deref())?;
    let rows = memories::list(
        &state.store.lock(),
        account.id,
        user_id,
        query.query.as_deref().filter(|q| !q.is_empty()),
        (page.starting_after, page.fetch_limit()),
    )?;
    Ok(Json(page.page(rows, |m| m.id)))
}

/// The memory in exactly the named scope (the account's without `user_id`); 404 otherwise.
fn load(conn: &rusqlite::Connection, account_id: i64, scope: &str, id: i64) -> ApiResult<Memory> {
    memories::find(conn, account_id, scope, id)?
        .ok_or_else(|| ApiError::not_found(format!("memory {id}")))
}

async fn show(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<Memory>> {
    let user_id = checked_scope(owner.user_id.as_deref())?;
    load(&state.store.lock(), account.id, user_id, id).map(Json)
}

/// Corrects the content, the audience, or both, in place (at least one).
async fn update(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<UpdateBody>,
) -> ApiResult<Json<Memory>> {
    let user_id = checked_scope(owner.user_id.as_deref())?;
    if body.content.is_none() && body.audience.is_none() {
        return Err(ApiError::validation("give content, audience, or both"));
    }
    checked_audience(body.audience.as_deref())?;
    let content = body.content.as_deref().map(|c| checked_content(user_id, c)).transpose()?;
    let conn = state.store.lock();
    load(&conn, account.id, user_id, id)?;
    if !memories::update(&conn, id, content, body.audience.as_deref())? {
        return Err(duplicate());
    }
    load(&conn, account.id, user_id, id).map(Json)
}

/// Deletes a memory in exactly the named scope; another scope's memory is a 404.
async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<StatusCode> {
    let user_id = checked_scope(owner.user_id.as_deref())?;
    if !memories::delete(&state.store.lock(), account.id, user_id, id)? {
        return Err(ApiError::not_found(format!("memory {id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}
