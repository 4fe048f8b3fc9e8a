//! `PATCH /tasks/{id}/triggers/{trigger_id}` (SDK 4.49 `tasks.triggers.update`): pause or
//! resume with `enabled`, or reshape a schedule in place. `cron`, `interval_seconds` and
//! `run_at` are exclusive: giving one clears the others, so a recurring schedule can become a
//! one-time one and back. The webhook trigger can be paused and resumed (its URL kept).

use axum::extract::State;
use axum::Json;
use m8tes_protocol::types::{Trigger, TriggerType};
use serde::Deserialize;

use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::http::tasks::load_owned;
use crate::http::triggers::{check_schedule, virtual_trigger, ScheduleRequest, TriggerRef};
use crate::state::AppState;
use crate::store::tokens::set_webhook_paused;
use crate::store::triggers::{self, ScheduleChange};

#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct TriggerChange {
    enabled: Option<bool>,
    cron: Option<String>,
    interval_seconds: Option<u64>,
    run_at: Option<String>,
    timezone: Option<String>,
}

impl TriggerChange {
    fn reshapes(&self) -> bool {
        self.cron.is_some() || self.interval_seconds.is_some() || self.run_at.is_some()
    }
}

pub async fn update(
    State(state): State<AppState>,
    account: Account,
    ApiPath((task_id, trigger_id)): ApiPath<(i64, String)>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(change): ApiJson<TriggerChange>,
) -> ApiResult<Json<Trigger>> {
    let conn = state.store.lock();
    let task = load_owned(&conn, account.id, task_id, &owner)?;
    let missing = || ApiError::not_found(format!("trigger {trigger_id} of task {task_id}"));
    let id = match TriggerRef::parse(&trigger_id)? {
        TriggerRef::Schedule(id) => id,
        inbound => {
            if change.reshapes() || change.timezone.is_some() {
                return Err(ApiError::validation(
                    "a webhook or email trigger has only `enabled` to change",
                ));
            }
            let (webhook, email) = triggers::inbound_tokens(&conn, task_id)?;
            let (kind, token) = match inbound {
                TriggerRef::Webhook => (TriggerType::Webhook, webhook.ok_or_else(missing)?),
                _ => (TriggerType::Email, email.ok_or_else(missing)?),
            };
            let enabled = match (kind, change.enabled) {
                (TriggerType::Webhook, Some(enabled)) => {
                    set_webhook_paused(&conn, "tasks", task_id, !enabled)?;
                    enabled
                }
                (TriggerType::Webhook, None) => task.webhook_enabled != Some(false),
                (_, Some(false)) => {
                    return Err(ApiError::validation(
                        "an email trigger cannot be paused; disable the task's address instead",
                    ))
                }
                _ => true,
            };
            let trigger = virtual_trigger(&state, &task, kind, &token, "UTC", enabled);
            return Ok(Json(trigger));
        }
    };
    let current = triggers::find(&conn, task_id, id)?.ok_or_else(missing)?;
    let reshaped = change.reshapes();
    let cron = if reshaped { change.cron.clone() } else { current.cron.clone() };
    let interval_seconds =
        if reshaped { change.interval_seconds } else { current.interval_seconds };
    let run_at = if reshaped { change.run_at.clone() } else { current.run_at.clone() };
    let timezone = change.timezone.clone().or(current.timezone.clone()).unwrap_or("UTC".into());
    let was_enabled = current.enabled != Some(false);
    let enabled = change.enabled.unwrap_or(was_enabled);
    let request =
        ScheduleRequest { cron: cron.as_deref(), interval_seconds, run_at: run_at.as_deref() };
    let checked = check_schedule(&request, &timezone)?;
    // Unchanged and still running: the next fire time stands. Otherwise it is worked out
    // afresh from now (a one-time schedule's is its `run_at`).
    let next_run = if !enabled {
        None
    } else if was_enabled && !reshaped && change.timezone.is_none() {
        current.next_run.as_deref().and_then(|at| at.parse().ok()).or(Some(checked.next_run))
    } else {
        Some(checked.next_run)
    };
    let write = ScheduleChange {
        cron: cron.as_deref(),
        interval_seconds,
        run_at: checked.run_at,
        timezone: &timezone,
        enabled,
        next_run,
    };
    triggers::update(&conn, id, &write)?;
    Ok(Json(triggers::find(&conn, task_id, id)?.ok_or_else(missing)?))
}
