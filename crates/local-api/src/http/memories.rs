//! Memories about one end user (wire.md §2.6): 1–300 characters once trimmed, unique per user
//! ignoring case and spacing. Creating one creates the end user's profile if needed.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use m8tes_protocol::types::{Memory, MemoryCreate, Page, UserScope, UserScopedListParams};

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::pagination::PageRequest;
use crate::state::AppState;
use crate::store::memories::{self, checked_content, insert};

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/memories", get(list).post(create))
        .route("/memories/{id}", delete(remove))
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<MemoryCreate>,
) -> ApiResult<(StatusCode, Json<Memory>)> {
    let content = checked_content(&body.user_id, &body.content)?;
    let memory = insert(&state.store.lock(), account.id, &body.user_id, content, "api")?
        .ok_or_else(|| {
            ApiError::conflict("this user already has that memory")
                .with_error_code("duplicate_memory")
        })?;
    Ok((StatusCode::CREATED, Json(memory)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<UserScopedListParams>,
) -> ApiResult<Json<Page<Memory>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let rows = memories::list(
        &state.store.lock(),
        account.id,
        &query.user_id,
        page.starting_after,
        page.fetch_limit(),
    )?;
    Ok(Json(page.page(rows, |m| m.id)))
}

/// Deletes a memory of the named user; another user's (or account's) memory is a 404.
async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(scope): ApiQuery<UserScope>,
) -> ApiResult<StatusCode> {
    if !memories::delete(&state.store.lock(), account.id, &scope.user_id, id)? {
        return Err(ApiError::not_found(format!("memory {id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}
