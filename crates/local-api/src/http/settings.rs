//! Account settings (wire.md §2.10, §11): `GET /settings` and `PATCH /settings`, with SDK
//! 4.49's per-end-user caps, retention mode, strict multi-tenant switch and notification
//! switches. This server stores and answers them; it sends no email or Slack message, and
//! does not enforce the caps or the retention mode (wire.md §11.3).

use axum::extract::State;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::Settings;
use serde::{Deserialize, Deserializer};

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, NoQuery};
use crate::state::AppState;
use crate::store::settings::{self, SettingsChange, RETENTION_MODES};

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/settings", get(show).patch(update))
}

/// `PATCH /settings`: every field optional; a cap sent as `null` is cleared. Unknown fields
/// are refused rather than dropped.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct SettingsBody {
    company_research: Option<bool>,
    #[serde(default, deserialize_with = "present")]
    per_end_user_run_limit: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    per_end_user_cost_limit_cents: Option<Option<i64>>,
    #[serde(default, deserialize_with = "present")]
    per_end_user_rate_per_minute: Option<Option<i64>>,
    retention_mode: Option<String>,
    require_end_user_id: Option<bool>,
    approval_email_enabled: Option<bool>,
    approval_slack_enabled: Option<bool>,
    result_email_enabled: Option<bool>,
    result_slack_enabled: Option<bool>,
}

/// A field that is present is `Some`, even when it is `null`.
fn present<'de, D: Deserializer<'de>>(value: D) -> Result<Option<Option<i64>>, D::Error> {
    Option::<i64>::deserialize(value).map(Some)
}

async fn show(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
) -> ApiResult<Json<Settings>> {
    Ok(Json(settings::read(&state.store.lock(), account.id)?))
}

/// Changes only what the body names; `{}` changes nothing and answers the current settings.
async fn update(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<SettingsBody>,
) -> ApiResult<Json<Settings>> {
    let caps = [
        ("per_end_user_run_limit", body.per_end_user_run_limit),
        ("per_end_user_cost_limit_cents", body.per_end_user_cost_limit_cents),
        ("per_end_user_rate_per_minute", body.per_end_user_rate_per_minute),
    ];
    for (name, cap) in caps {
        if let Some(Some(value)) = cap {
            if value < 0 {
                return Err(ApiError::validation(format!("{name} must be 0 or more, or null")));
            }
        }
    }
    if let Some(mode) = &body.retention_mode {
        if !RETENTION_MODES.contains(&mode.as_str()) {
            return Err(ApiError::validation(format!(
                "retention_mode must be one of {}",
                RETENTION_MODES.join(", ")
            )));
        }
    }
    let change = SettingsChange {
        company_research: body.company_research,
        per_end_user_run_limit: body.per_end_user_run_limit,
        per_end_user_cost_limit_cents: body.per_end_user_cost_limit_cents,
        per_end_user_rate_per_minute: body.per_end_user_rate_per_minute,
        retention_mode: body.retention_mode.as_deref(),
        require_end_user_id: body.require_end_user_id,
        approval_email_enabled: body.approval_email_enabled,
        approval_slack_enabled: body.approval_slack_enabled,
        result_email_enabled: body.result_email_enabled,
        result_slack_enabled: body.result_slack_enabled,
    };
    let mut conn = state.store.lock();
    settings::update(&mut conn, account.id, &change)?;
    Ok(Json(settings::read(&conn, account.id)?))
}
