//! Reading runs: the list, one run, cancelling, and rejoining a live stream (wire.md §9.7).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::visible_run;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::http::pagination::PageRequest;
use crate::http::stream as event_stream;
use crate::model::RunStatus;
use crate::state::AppState;
use crate::store::run_lists::{self, ArchiveView, RunFilter, RunOrder};
use crate::store::runs::RunRow;

/// Query of `GET /runs/` as SDK 4.49 sends it (wire.md §10.2).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub(super) struct RunListQuery {
    teammate_id: Option<i64>,
    task_id: Option<i64>,
    user_id: Option<String>,
    status: Option<String>,
    sort: Option<String>,
    archived: Option<String>,
    exclude_platform_runs: Option<bool>,
    include_end_user_runs: Option<bool>,
    fields: Option<String>,
    limit: Option<u32>,
    starting_after: Option<i64>,
}

fn one_of<T: Copy>(name: &str, given: Option<&str>, choices: &[(&str, T)]) -> ApiResult<T> {
    let Some(given) = given else { return Ok(choices[0].1) };
    choices.iter().find(|(text, _)| *text == given).map(|(_, value)| *value).ok_or_else(|| {
        let names: Vec<&str> = choices.iter().map(|(text, _)| *text).collect();
        ApiError::validation(format!("{name} must be one of {}; got {given:?}", names.join(", ")))
    })
}

pub(super) fn run_status(status: Option<&str>) -> ApiResult<Option<RunStatus>> {
    status
        .map(|status| {
            RunStatus::parse(status).ok_or_else(|| {
                let names: Vec<&str> = RunStatus::ALL.iter().map(|s| s.as_str()).collect();
                ApiError::validation(format!(
                    "status must be one of {}; got {status:?}",
                    names.join(", ")
                ))
            })
        })
        .transpose()
}

pub(super) async fn list_runs(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<RunListQuery>,
) -> ApiResult<Response> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let order = one_of(
        "sort",
        query.sort.as_deref(),
        &[("created", RunOrder::Created), ("priority", RunOrder::Priority)],
    )?;
    let archive = one_of(
        "archived",
        query.archived.as_deref(),
        &[
            ("exclude", ArchiveView::Exclude),
            ("only", ArchiveView::Only),
            ("include", ArchiveView::Include),
        ],
    )?;
    one_of("fields", query.fields.as_deref(), &[("summary", ())])?;
    // This server runs no platform work of its own, so the filter never hides anything.
    let _ = query.exclude_platform_runs;
    let filter = RunFilter {
        teammate_id: query.teammate_id,
        task_id: query.task_id,
        user_id: query.user_id,
        include_end_users: query.include_end_user_runs.unwrap_or(false),
        status: run_status(query.status.as_deref())?,
        archive,
    };
    let rows = run_lists::list(
        &state.store.lock(),
        account.id,
        &filter,
        order,
        query.starting_after,
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
