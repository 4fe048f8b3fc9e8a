//! The account-wide probes (wire.md §10.9): `GET /runs/check`, `GET /runs/needs-you` and
//! `GET /runs/activity`, each the account scope unless `?user_id=` names an end user.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use m8tes_protocol::types::{
    AgentRunActivity, NeedsYou, NeedsYouItem, RunActivity, RunActivitySnapshot, RunCheck,
};

use crate::http::auth::Account;
use crate::http::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::http::owner::OwnerFilter;
use crate::state::AppState;
use crate::store::run_overview;
use crate::store::runs::RunRow;

/// How many runs `needs-you` lists; `count` is all of them.
const NEEDS_YOU_ITEMS: i64 = 5;

pub(super) async fn check(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let counts = run_overview::counts(&state.store.lock(), account.id, owner.user_id.as_deref())?;
    Ok(Json(RunCheck {
        total_count: counts.total,
        latest_run_id: counts.latest_run_id,
        awaiting_count: counts.awaiting,
        latest_change_at: counts.latest_change_at,
        roster_count: counts.roster,
        roster_change_at: counts.roster_change_at,
        // This server has no Teams.
        teams_count: 0,
        teams_change_at: None,
    })
    .into_response())
}

pub(super) async fn needs_you(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let user_id = owner.user_id.as_deref();
    let conn = state.store.lock();
    let count = run_overview::counts(&conn, account.id, user_id)?.awaiting;
    let items = run_overview::waiting(&conn, account.id, user_id, NEEDS_YOU_ITEMS)?
        .into_iter()
        .map(|run| {
            let mate_name = run.mate_name.unwrap_or_else(|| "Your mate".into());
            // Never the typed prompt: a task's own name, or who is waiting.
            let title = run
                .task_name
                .filter(|name| !name.trim().is_empty())
                .unwrap_or_else(|| format!("{mate_name} needs you"));
            NeedsYouItem { run_id: run.run_id, title, mate_name }
        })
        .collect();
    Ok(Json(NeedsYou { count, items }).into_response())
}

fn activity_of(run: &RunRow) -> RunActivity {
    RunActivity {
        id: run.id,
        status: run.status.as_str().into(),
        created_at: run.created_at.clone(),
        task_id: run.settings.task_id,
        last_activity_at: run.updated_at.clone(),
        error_code: run.error_code.clone(),
        // This server retries nothing on its own.
        next_retry_at: None,
        auto_retry_count: 0,
        auto_recovery_attempt_count: Some(0),
        cancelled_at: run.marks.cancelled_at.clone(),
        needs_reply: false,
    }
}

pub(super) async fn activity(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let user_id = owner.user_id.as_deref();
    let conn = state.store.lock();
    let mut data = Vec::new();
    for agent_id in run_overview::visible_agents(&conn, account.id, user_id)? {
        let runs = run_overview::agent_activity(&conn, account.id, user_id, agent_id)?;
        data.push(AgentRunActivity { agent_id, runs: runs.iter().map(activity_of).collect() });
    }
    Ok(Json(RunActivitySnapshot { data }).into_response())
}
