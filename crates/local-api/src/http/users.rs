//! End-user profiles (wire.md §2.8), addressed by the developer's string `user_id`; the list
//! pages by the numeric `id`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{EndUser, EndUserCreate, EndUserUpdate, ListParams, Page};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;
use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::pagination::PageRequest;
use crate::state::AppState;
use crate::store::json_column;
use crate::store::users::check_user_id;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/users", get(list).post(create))
        .route("/users/{user_id}", get(show).patch(update).delete(remove))
}

const COLUMNS: &str = "id, user_id, name, email, company, metadata, created_at, updated_at";

fn from_row(row: &Row) -> rusqlite::Result<EndUser> {
    Ok(EndUser {
        id: row.get(0)?,
        user_id: row.get(1)?,
        name: row.get(2)?,
        email: row.get(3)?,
        company: row.get(4)?,
        metadata: json_column::read(row.get(5)?),
        created_at: row.get(6)?,
        updated_at: row.get(7)?,
        extra: Default::default(),
    })
}

fn load(conn: &Connection, account_id: i64, user_id: &str) -> ApiResult<EndUser> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM end_users WHERE account_id = ?1 AND user_id = ?2"),
        params![account_id, user_id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| ApiError::not_found(format!("user {user_id:?}")))
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<EndUserCreate>,
) -> ApiResult<(StatusCode, Json<EndUser>)> {
    check_user_id(&body.user_id)?;
    let conn = state.store.lock();
    let inserted = conn.execute(
        "INSERT OR IGNORE INTO end_users (account_id, user_id, name, email, company, metadata,
             created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
        params![
            account.id,
            body.user_id,
            body.name,
            body.email,
            body.company,
            json_column::write(body.metadata.as_ref())?,
            clock::now_iso(),
        ],
    )?;
    if inserted == 0 {
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
    let conn = state.store.lock();
    let sql = &format!(
        "SELECT {COLUMNS} FROM end_users WHERE account_id = ?1 AND id > ?2 ORDER BY id LIMIT ?3"
    );
    Ok(Json(page.fetch(
        &conn,
        sql,
        params![account.id, page.starting_after, page.fetch_limit()],
        from_row,
        |u| u.id,
    )?))
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
    conn.execute(
        "UPDATE end_users SET name = ?1, email = ?2, company = ?3, metadata = ?4, updated_at = ?5
         WHERE id = ?6",
        params![
            user.name,
            user.email,
            user.company,
            json_column::write(user.metadata.as_ref())?,
            clock::now_iso(),
            user.id,
        ],
    )?;
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
    let tx = conn.transaction()?;
    for table in ["memories", "permission_policies", "app_connections"] {
        tx.execute(
            &format!("DELETE FROM {table} WHERE account_id = ?1 AND user_id = ?2"),
            params![account.id, user_id],
        )?;
    }
    tx.execute("DELETE FROM end_users WHERE id = ?1", [user.id])?;
    tx.commit()?;
    Ok(StatusCode::NO_CONTENT)
}
