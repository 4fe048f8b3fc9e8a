//! Tool pre-approval policies (wire.md §2.7, §11): a tool one end user's runs (or, SDK 4.49,
//! without `user_id`, the account's runs without a user) may use without an approval gate.
//! Creating is idempotent per (scope, tool): the same policy comes back.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use m8tes_protocol::types::{Page, PermissionPolicy};
use serde::Deserialize;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::OwnerFilter;
use crate::http::pagination::PageRequest;
use crate::state::AppState;
use crate::store::permissions::{self, allow};
use crate::store::users::{check_user_id, scope};

/// `user_id` may be absent or null (4.49 sends `null`): the account scope.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct CreateBody {
    #[serde(default)]
    user_id: Option<String>,
    tool: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ListQuery {
    user_id: Option<String>,
    limit: Option<u32>,
    starting_after: Option<i64>,
}

/// A named `user_id` is checked (an explicit blank one is refused, not taken as the account).
fn checked_scope(user_id: Option<&str>) -> ApiResult<&str> {
    if let Some(user_id) = user_id {
        check_user_id(user_id)?;
    }
    Ok(scope(user_id))
}

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/permissions", get(list).post(create))
        .route("/permissions/{id}", delete(remove))
}

/// 201 with a new policy, 200 with the existing one for a repeat.
async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<CreateBody>,
) -> ApiResult<(StatusCode, Json<PermissionPolicy>)> {
    let user_id = checked_scope(body.user_id.as_deref())?;
    let (policy, new) = allow(&state.store.lock(), account.id, user_id, &body.tool)?;
    Ok((if new { StatusCode::CREATED } else { StatusCode::OK }, Json(policy)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<ListQuery>,
) -> ApiResult<Json<Page<PermissionPolicy>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let user_id = checked_scope(query.user_id.as_deref())?;
    let rows = permissions::list(
        &state.store.lock(),
        account.id,
        user_id,
        page.starting_after,
        page.fetch_limit(),
    )?;
    Ok(Json(page.page(rows, |p| p.id)))
}

async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<StatusCode> {
    let user_id = checked_scope(owner.user_id.as_deref())?;
    if !permissions::delete(&state.store.lock(), account.id, user_id, id)? {
        return Err(ApiError::not_found(format!("permission policy {id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}
