//! Tool pre-approval policies (wire.md §2.7): a tool one end user's runs may use without an
//! approval gate. Creating is idempotent per (user, tool): the same policy comes back.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use m8tes_protocol::types::{
    Page, PermissionPolicy, PermissionPolicyCreate, UserScope, UserScopedListParams,
};

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::pagination::PageRequest;
use crate::state::AppState;
use crate::store::permissions::{self, allow};

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
    let rows = permissions::list(
        &state.store.lock(),
        account.id,
        &query.user_id,
        page.starting_after,
        page.fetch_limit(),
    )?;
    Ok(Json(page.page(rows, |p| p.id)))
}

async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(scope): ApiQuery<UserScope>,
) -> ApiResult<StatusCode> {
    if !permissions::delete(&state.store.lock(), account.id, &scope.user_id, id)? {
        return Err(ApiError::not_found(format!("permission policy {id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}
