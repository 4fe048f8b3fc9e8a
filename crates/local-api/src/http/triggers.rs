//! Task triggers (wire.md §2.4) under `/tasks/{id}/triggers`: schedules are rows with their
//! `next_run`; the webhook and email triggers are virtual (`id: 0`), the task's inbound URL
//! and inbox address, so there is at most one of each per task.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use m8tes_protocol::types::{Task, Trigger, TriggerCreate, TriggerType};

use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, NoQuery};
use crate::http::{collection, tasks};
use crate::schedule::cron::{parse_timezone, Schedule};
use crate::secret::inbox_address;
use crate::state::AppState;
use crate::store::tasks as task_store;
use crate::store::tokens::ensure_inbound_token;
use crate::store::triggers::{self, NewSchedule};
use crate::{clock, schedule};

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/tasks/{id}/triggers", get(list).post(create))
        .route("/tasks/{id}/triggers/{trigger_id}", delete(remove))
}

/// The URL that starts a run of `task_id` when POSTed to.
pub fn task_webhook_url(origin: &str, task_id: i64, token: &str) -> String {
    format!("{origin}/api/v2/inbound/webhooks/tasks/{task_id}/{token}")
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(task_id): ApiPath<i64>,
    ApiJson(body): ApiJson<TriggerCreate>,
) -> ApiResult<(StatusCode, Json<Trigger>)> {
    let mut conn = state.store.lock();
    let task = tasks::load(&conn, account.id, task_id)?;
    if task_store::is_archived(&task) {
        return Err(ApiError::conflict(format!("task {task_id} is archived"))
            .with_error_code("task_archived"));
    }
    let invalid = |e: schedule::ScheduleError| ApiError::validation(e.to_string());
    let trigger = match body.kind {
        TriggerType::Schedule => {
            let schedule =
                Schedule::parse(body.cron.as_deref(), body.interval_seconds, &body.timezone)
                    .map_err(invalid)?;
            let next_run = schedule
                .next_run(clock::now())
                .ok_or_else(|| ApiError::validation("this cron expression never matches a date"))?;
            let schedule = NewSchedule {
                account_id: account.id,
                task_id,
                cron: body.cron.as_deref(),
                interval_seconds: body.interval_seconds,
                timezone: &body.timezone,
                next_run,
            };
            triggers::insert(&mut conn, &schedule)?
        }
        kind @ (TriggerType::Webhook | TriggerType::Email) => {
            parse_timezone(&body.timezone).map_err(invalid)?;
            if body.cron.is_some() || body.interval_seconds.is_some() {
                return Err(ApiError::validation(
                    "cron and interval_seconds apply only to schedule triggers",
                ));
            }
            let column = if kind == TriggerType::Webhook { "webhook_token" } else { "email_token" };
            let token = ensure_inbound_token(&conn, "tasks", task_id, column)?;
            virtual_trigger(&state, &task, kind, &token, &body.timezone)
        }
    };
    Ok((StatusCode::CREATED, Json(trigger)))
}

/// A bare array (1.1.0 accepts that or `{data}`): schedules in creation order, then the
/// webhook and email triggers when the task has them.
async fn list(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(task_id): ApiPath<i64>,
) -> ApiResult<Json<Vec<Trigger>>> {
    let conn = state.store.lock();
    let task = tasks::load(&conn, account.id, task_id)?;
    let mut listed = triggers::of_task(&conn, task_id)?;
    let (webhook, email) = triggers::inbound_tokens(&conn, task_id)?;
    if let Some(token) = webhook {
        listed.push(virtual_trigger(&state, &task, TriggerType::Webhook, &token, "UTC"));
    }
    if let Some(token) = email {
        listed.push(virtual_trigger(&state, &task, TriggerType::Email, &token, "UTC"));
    }
    Ok(Json(listed))
}

async fn remove(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath((task_id, trigger_id)): ApiPath<(i64, i64)>,
) -> ApiResult<StatusCode> {
    let conn = state.store.lock();
    tasks::load(&conn, account.id, task_id)?;
    if trigger_id == 0 {
        return Err(ApiError::validation(
            "trigger 0 is the task's webhook or email trigger, which cannot be deleted by id",
        ));
    }
    if !triggers::delete(&conn, task_id, trigger_id)? {
        return Err(ApiError::not_found(format!("trigger {trigger_id} of task {task_id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}

fn virtual_trigger(
    state: &AppState,
    task: &Task,
    kind: TriggerType,
    token: &str,
    timezone: &str,
) -> Trigger {
    let (kind, url, address) = match kind {
        TriggerType::Webhook => {
            ("webhook", Some(task_webhook_url(&state.public_origin, task.id, token)), None)
        }
        _ => ("email", None, Some(inbox_address(token))),
    };
    Trigger {
        id: 0,
        kind: kind.into(),
        enabled: Some(true),
        cron: None,
        interval_seconds: None,
        timezone: Some(timezone.into()),
        next_run: None,
        url,
        address,
        extra: Default::default(),
    }
}
