//! End-user profiles (wire.md §2.8), addressed by the developer's string `user_id`; the list
//! pages by the numeric `id`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{EndUser, EndUserCreate, EndUserUpdate, ListParams, Page};
use rusqlite::Connection;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::pagination::PageRequest;
use crate::state::AppState;
use crate::store::users;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/users", get(list).post(create))
        .route("/users/{user_id}", get(show).patch(update).delete(remove))
}

fn load(conn: &Connection, account_id: i64, user_id: &str) -> ApiResult<EndUser> {
    users::find(conn, account_id, user_id)?
        .ok_or_else(|| ApiError::not_found(format!("user {user_id:?}")))
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<EndUserCreate>,
) -> ApiResult<(StatusCode, Json<EndUser>)> {
    let conn = state.store.lock();
    if !users::insert(&conn, account.id, &body)? {
        return Err(ApiError::conflict(format!("user {:?} already exists", body.user_id))
            .with_error_code("user_exists"));
    }
    Ok((StatusCode::CREATED, Json(load(&conn, account.id, &body.user_id)?)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<ListParams>,
) -> ApiResult<Json<Page<EndUser>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let rows =
        users::list(&state.store.lock(), account.id, page.starting_after, page.fetch_limit())?;
    Ok(Json(page.page(rows, |u| u.id)))
}

async fn show(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(user_id): ApiPath<String>,
) -> ApiResult<Json<EndUser>> {
    load(&state.store.lock(), account.id, &user_id).map(Json)
}

/// Changes what the body names; `metadata` replaces the whole object.
async fn update(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(user_id): ApiPath<String>,
    ApiJson(body): ApiJson<EndUserUpdate>,
) -> ApiResult<Json<EndUser>> {
    let conn = state.store.lock();
    let mut user = load(&conn, account.id, &user_id)?;
    user.name = body.name.or(user.name);
    user.email = body.email.or(user.email);
    user.company = body.company.or(user.company);
    user.metadata = body.metadata.or(user.metadata);
    users::update(&conn, &user)?;
    load(&conn, account.id, &user_id).map(Json)
}

/// Deletes the profile and what is kept about that user: memories, tool policies and app
/// connections (a user created again with the same id starts clean).
async fn remove(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(user_id): ApiPath<String>,
) -> ApiResult<StatusCode> {
    let mut conn = state.store.lock();
    let user = load(&conn, account.id, &user_id)?;
    users::delete(&mut conn, account.id, &user)?;
    Ok(StatusCode::NO_CONTENT)
}
