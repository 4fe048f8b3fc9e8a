//! Archiving, viewing and sharing a run (wire.md §10.5): `POST /runs/{id}/archive`,
//! `/unarchive`, `/view`, `POST|DELETE /runs/{id}/share`, and the public
//! `GET /shared-runs/{token}` a share link opens.

use axum::extract::State;
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use m8tes_protocol::types::RunShare;
use serde_json::json;

use super::visible_run;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::state::AppState;
use crate::store::run_marks;

async fn set_archived(
    state: &AppState,
    account: &Account,
    id: i64,
    owner: &OwnerFilter,
    archived: bool,
) -> ApiResult<Response> {
    let conn = state.store.lock();
    visible_run(&conn, account, id, owner)?;
    run_marks::set_archived(&conn, id, archived)?;
    Ok(Json(run_marks::reread(&conn, id)?.to_wire()).into_response())
}

pub(super) async fn archive(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    set_archived(&state, &account, id, &owner, true).await
}

pub(super) async fn unarchive(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    set_archived(&state, &account, id, &owner, false).await
}

pub(super) async fn mark_viewed(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let conn = state.store.lock();
    visible_run(&conn, &account, id, &owner)?;
    run_marks::mark_viewed(&conn, id)?;
    Ok(Json(run_marks::reread(&conn, id)?.to_wire()).into_response())
}

/// `http://{Host}` of the request, so a link works from where the caller reached us.
fn origin(headers: &HeaderMap) -> String {
    let host = headers
        .get(header::HOST)
        .and_then(|value| value.to_str().ok())
        .filter(|host| host.chars().all(|c| c.is_ascii_alphanumeric() || ".-:[]".contains(c)))
        .unwrap_or("localhost");
    format!("http://{host}")
}

pub(super) async fn share(
    State(state): State<AppState>,
    account: Account,
    headers: HeaderMap,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let conn = state.store.lock();
    visible_run(&conn, &account, id, &owner)?;
    let token = run_marks::share(&conn, id)?;
    let share_url = format!("{}/api/v2/shared-runs/{token}", origin(&headers));
    Ok(Json(RunShare { share_token: token, share_url }).into_response())
}

pub(super) async fn unshare(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let conn = state.store.lock();
    visible_run(&conn, &account, id, &owner)?;
    run_marks::unshare(&conn, id)?;
    Ok(StatusCode::NO_CONTENT.into_response())
}

/// What a share link shows, without a key: the run's result, never its settings or owner.
pub(super) async fn shared(
    State(state): State<AppState>,
    ApiPath(token): ApiPath<String>,
) -> ApiResult<Response> {
    let run = run_marks::shared(&state.store.lock(), &token)?
        .ok_or_else(|| ApiError::not_found("shared run"))?;
    Ok(Json(json!({
        "run_id": run.id,
        "status": run.status.as_str(),
        "output": run.output,
        "output_data": run.marks.output_data,
        "created_at": run.created_at,
    }))
    .into_response())
}
