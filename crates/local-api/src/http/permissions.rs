//! Tool pre-approval policies (wire.md §2.7): a tool one end user's runs may use without an
//! approval gate. Creating is idempotent per (user, tool): the same policy comes back.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use m8tes_protocol::types::{
    Page, PermissionPolicy, PermissionPolicyCreate, UserScope, UserScopedListParams,
};
use rusqlite::params;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::delete_for_user;
use crate::http::pagination::PageRequest;
use crate::state::AppState;
use crate::store::permissions::{allow, from_row, COLUMNS};

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/permissions", get(list).post(create))
        .route("/permissions/{id}", delete(remove))
}

/// 201 with a new policy, 200 with the existing one for a repeat.
async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<PermissionPolicyCreate>,
) -> ApiResult<(StatusCode, Json<PermissionPolicy>)> {
    let (policy, new) = allow(&state.store.lock(), account.id, &body.user_id, &body.tool)?;
    Ok((if new { StatusCode::CREATED } else { StatusCode::OK }, Json(policy)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<UserScopedListParams>,
) -> ApiResult<Json<Page<PermissionPolicy>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let conn = state.store.lock();
    let sql = &format!(
        "SELECT {COLUMNS} FROM permission_policies
         WHERE account_id = ?1 AND user_id = ?2 AND id > ?3 ORDER BY id LIMIT ?4"
    );
    Ok(Json(page.fetch(
        &conn,
        sql,
        params![account.id, query.user_id, page.starting_after, page.fetch_limit()],
        from_row,
        |p| p.id,
    )?))
}

async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(scope): ApiQuery<UserScope>,
) -> ApiResult<StatusCode> {
    delete_for_user(
        &state.store.lock(),
        "permission_policies",
        "permission policy",
        id,
        account.id,
        &scope.user_id,
    )
}
