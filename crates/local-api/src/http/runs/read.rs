//! Reading runs: the list, one run, cancelling, and rejoining a live stream (wire.md §9.7).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use m8tes_protocol::types::RunListParams;

use super::visible_run;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::http::pagination::PageRequest;
use crate::http::stream as event_stream;
use crate::model::RunStatus;
use crate::state::AppState;
use crate::store::runs::{self, RunFilter, RunRow};

pub(super) async fn list_runs(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(params): ApiQuery<RunListParams>,
) -> ApiResult<Response> {
    let page = PageRequest::new(params.limit, params.starting_after)?;
    let status = match &params.status {
        Some(status) => Some(RunStatus::parse(status).ok_or_else(|| {
            let names: Vec<&str> = RunStatus::ALL.iter().map(|s| s.as_str()).collect();
            ApiError::validation(format!(
                "status must be one of {}; got {status:?}",
                names.join(", ")
            ))
        })?),
        None => None,
    };
    let filter = RunFilter { teammate_id: params.teammate_id, user_id: params.user_id, status };
    let rows = runs::list(
        &state.store.lock(),
        account.id,
        &filter,
        page.starting_after,
        page.fetch_limit(),
    )?;
    let page = page.page(rows.iter().map(RunRow::to_wire).collect(), |run| run.id);
    Ok(Json(page).into_response())
}

pub(super) async fn get_run(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let run = visible_run(&state.store.lock(), &account, id, &owner)?;
    Ok(Json(run.to_wire()).into_response())
}

pub(super) async fn cancel(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let run = visible_run(&state.store.lock(), &account, id, &owner)?;
    let cancelled = state.agents.cancel(id)?.ok_or_else(|| {
        ApiError::conflict(format!(
            "run {id} already finished ({}); only a running run can be cancelled",
            run.status.as_str()
        ))
        .with_error_code("run_not_active")
    })?;
    Ok(Json(cancelled.to_wire()).into_response())
}

/// Rejoins a live run (wire.md §9.7): this turn's history, then live events.
pub(super) async fn stream(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let run = visible_run(&state.store.lock(), &account, id, &owner)?;
    let live = state.agents.live(id).filter(|_| run.is_active()).ok_or_else(|| {
        ApiError::conflict(format!("run {id} is no longer executing ({})", run.status.as_str()))
            .with_error_code("run_not_active")
    })?;
    Ok(event_stream::sse(live.subscribe()?, state.config.stream_keepalive))
}
