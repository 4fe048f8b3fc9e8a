//! `GET /usage/end-users` (SDK 4.49 `users.usage`): each end user's runs, cost and tokens in
//! the current period, with the account's per-end-user caps as its limits (`settings`).
//! Paged by end-user profile id; `user_id` reads one end user.

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{EndUserUsage, Page};
use serde::Deserialize;

use crate::http::account::current_period;
use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::ApiResult;
use crate::http::extract::ApiQuery;
use crate::http::pagination::PageRequest;
use crate::state::AppState;
use crate::store::settings;
use crate::store::usage::of_end_users;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/usage/end-users", get(end_users))
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct UsageQuery {
    user_id: Option<String>,
    limit: Option<u32>,
    starting_after: Option<i64>,
}

async fn end_users(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<UsageQuery>,
) -> ApiResult<Json<Page<EndUserUsage>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let (since, period_end) = current_period();
    let conn = state.store.lock();
    let caps = settings::read(&conn, account.id)?;
    let figures = of_end_users(
        &conn,
        account.id,
        query.user_id.as_deref(),
        &since,
        (page.starting_after, page.fetch_limit()),
    )?;
    let rows = figures
        .into_iter()
        .map(|f| EndUserUsage {
            id: f.id,
            user_id: f.user_id,
            runs_used: u64::try_from(f.runs).unwrap_or(0),
            cost_used: format!("{:.4}", f.cost_usd),
            input_tokens: u64::try_from(f.input_tokens).unwrap_or(0),
            output_tokens: u64::try_from(f.output_tokens).unwrap_or(0),
            total_tokens: u64::try_from(f.input_tokens + f.output_tokens).unwrap_or(0),
            last_active_at: f.last_active_at,
            runs_limit: caps.per_end_user_run_limit,
            cost_limit_cents: caps.per_end_user_cost_limit_cents,
            period_end: period_end.clone(),
            rate_per_minute: caps.per_end_user_rate_per_minute,
        })
        .collect();
    Ok(Json(page.page(rows, |u| u.id)))
}
