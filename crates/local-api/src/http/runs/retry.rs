//! `POST /runs/{id}/retry` (wire.md §10.6): answers the new run (or the retry already
//! executing), not the original.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;

use super::visible_run;
use crate::agent::retry;
use crate::http::auth::Account;
use crate::http::error::ApiResult;
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::state::AppState;

#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RetryQuery {
    confirm: Option<bool>,
    /// Every simulated run costs the same: accepted, and changes nothing.
    use_credits: Option<bool>,
    user_id: Option<String>,
}

pub(super) async fn retry_run(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<RetryQuery>,
) -> ApiResult<Response> {
    let _ = query.use_credits;
    let owner = OwnerFilter { user_id: query.user_id };
    let run = visible_run(&state.store.lock(), &account, id, &owner)?;
    let retried = retry::retry(&state.agents, &run, query.confirm.unwrap_or(false))?;
    Ok(Json(retried.to_wire()).into_response())
}
