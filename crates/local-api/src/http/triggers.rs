//! Task triggers (wire.md §2.4, §11) under `/tasks/{id}/triggers`: schedules are rows with
//! their `next_run` (recurring by `cron` or `interval_seconds`, or once at `run_at`); the
//! webhook and email triggers are virtual (`id: 0`), the task's inbound URL and inbox
//! address, so there is at most one of each per task. A trigger is named in a path by its id,
//! or as SDK 4.49 names it: `schedule_5`, `webhook`, `email`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::{delete, get};
use axum::{Json, Router};
use chrono::{DateTime, Utc};
use m8tes_protocol::types::{Task, Trigger, TriggerCreate, TriggerType};
use rusqlite::Connection;

use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::http::tasks::load_owned;
use crate::http::{collection, trigger_update};
use crate::schedule::cron::{parse_timezone, Schedule};
use crate::secret::inbox_address;
use crate::state::AppState;
use crate::store::tasks as task_store;
use crate::store::tokens::ensure_inbound_token;
use crate::store::triggers::{self, NewSchedule};
use crate::{clock, schedule};

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/tasks/{id}/triggers", get(list).post(create))
        .route("/tasks/{id}/triggers/{trigger_id}", delete(remove).patch(trigger_update::update))
}

/// The URL that starts a run of `task_id` when POSTed to.
pub fn task_webhook_url(origin: &str, task_id: i64, token: &str) -> String {
    format!("{origin}/api/v2/inbound/webhooks/tasks/{task_id}/{token}")
}

/// A trigger as a path names it.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum TriggerRef {
    Schedule(i64),
    Webhook,
    Email,
}

impl TriggerRef {
    /// `5` or `schedule_5`; `webhook` or `email` (or `0`, the virtual id, which is ambiguous
    /// and refused).
    pub fn parse(text: &str) -> ApiResult<TriggerRef> {
        match text {
            "webhook" => return Ok(TriggerRef::Webhook),
            "email" => return Ok(TriggerRef::Email),
            _ => {}
        }
        let digits = text.strip_prefix("schedule_").unwrap_or(text);
        match digits.parse::<i64>() {
            Ok(0) => Err(ApiError::validation(
                "trigger 0 is the task's webhook or email trigger: name it `webhook` or `email`",
            )),
            Ok(id) if id > 0 => Ok(TriggerRef::Schedule(id)),
            _ => Err(ApiError::validation(format!(
                "trigger id {text:?} is not a number, schedule_<number>, webhook or email"
            ))),
        }
    }
}

/// What a schedule fires on: exactly one of the three.
pub struct ScheduleRequest<'a> {
    pub cron: Option<&'a str>,
    pub interval_seconds: Option<u64>,
    pub run_at: Option<&'a str>,
}

/// A checked schedule: its `run_at` parsed, and when it first fires.
pub struct Checked {
    pub run_at: Option<DateTime<Utc>>,
    pub next_run: DateTime<Utc>,
}

/// Validates a schedule (typed 422s) and works out when it next fires after `now`.
pub fn check_schedule(request: &ScheduleRequest<'_>, timezone: &str) -> ApiResult<Checked> {
    let invalid = |e: schedule::ScheduleError| ApiError::validation(e.to_string());
    if let Some(run_at) = request.run_at {
        if request.cron.is_some() || request.interval_seconds.is_some() {
            return Err(ApiError::validation(
                "run_at, cron and interval_seconds are exclusive: give one",
            ));
        }
        parse_timezone(timezone).map_err(invalid)?;
        let at = schedule::parse_run_at(run_at, timezone).map_err(ApiError::validation)?;
        return Ok(Checked { run_at: Some(at), next_run: at });
    }
    let parsed =
        Schedule::parse(request.cron, request.interval_seconds, timezone).map_err(invalid)?;
    let next_run = parsed
        .next_run(clock::now())
        .ok_or_else(|| ApiError::validation("this cron expression never matches a date"))?;
    Ok(Checked { run_at: None, next_run })
}

/// Adds a schedule to a task the caller checked.
pub fn add_schedule(
    conn: &Connection,
    account_id: i64,
    task_id: i64,
    request: &ScheduleRequest<'_>,
    timezone: &str,
) -> ApiResult<Trigger> {
    let checked = check_schedule(request, timezone)?;
    let schedule = NewSchedule {
        account_id,
        task_id,
        cron: request.cron,
        interval_seconds: request.interval_seconds,
        run_at: checked.run_at,
        timezone,
        next_run: checked.next_run,
    };
    Ok(triggers::insert(conn, &schedule)?)
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    ApiPath(task_id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    // SDK 4.49 may also send `user_id` (the scope, taken from the query) and `allowed_senders`
    // in the body; `TriggerCreate` lets them by.
    ApiJson(body): ApiJson<TriggerCreate>,
) -> ApiResult<(StatusCode, Json<Trigger>)> {
    let conn = state.store.lock();
    let task = load_owned(&conn, account.id, task_id, &owner)?;
    if task_store::is_archived(&task) {
        return Err(ApiError::conflict(format!("task {task_id} is archived"))
            .with_error_code("task_archived"));
    }
    let trigger = match body.kind {
        TriggerType::Schedule => {
            let request = ScheduleRequest {
                cron: body.cron.as_deref(),
                interval_seconds: body.interval_seconds,
                run_at: body.run_at.as_deref(),
            };
            add_schedule(&conn, account.id, task_id, &request, &body.timezone)?
        }
        kind @ (TriggerType::Webhook | TriggerType::Email) => {
            parse_timezone(&body.timezone).map_err(|e| ApiError::validation(e.to_string()))?;
            if body.cron.is_some() || body.interval_seconds.is_some() || body.run_at.is_some() {
                return Err(ApiError::validation(
                    "cron, interval_seconds and run_at apply only to schedule triggers",
                ));
            }
            let column = if kind == TriggerType::Webhook { "webhook_token" } else { "email_token" };
            let token = ensure_inbound_token(&conn, "tasks", task_id, column)?;
            let paused = task_store::find(&conn, account.id, task_id)?
                .is_some_and(|t| t.webhook_enabled == Some(false));
            let enabled = kind == TriggerType::Email || !paused;
            virtual_trigger(&state, &task, kind, &token, &body.timezone, enabled)
        }
    };
    Ok((StatusCode::CREATED, Json(trigger)))
}

/// A bare array (1.1.0 accepts that or `{data}`): schedules in creation order, then the
/// webhook and email triggers when the task has them.
async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiPath(task_id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<Vec<Trigger>>> {
    let conn = state.store.lock();
    let task = load_owned(&conn, account.id, task_id, &owner)?;
    Ok(Json(of_task(&state, &conn, &task)?))
}

/// Every trigger of `task`: its schedules, then its webhook and email triggers.
pub fn of_task(state: &AppState, conn: &Connection, task: &Task) -> ApiResult<Vec<Trigger>> {
    let mut listed = triggers::of_task(conn, task.id)?;
    let (webhook, email) = triggers::inbound_tokens(conn, task.id)?;
    if let Some(token) = webhook {
        let enabled = task.webhook_enabled != Some(false);
        listed.push(virtual_trigger(state, task, TriggerType::Webhook, &token, "UTC", enabled));
    }
    if let Some(token) = email {
        listed.push(virtual_trigger(state, task, TriggerType::Email, &token, "UTC", true));
    }
    Ok(listed)
}

async fn remove(
    State(state): State<AppState>,
    account: Account,
    ApiPath((task_id, trigger_id)): ApiPath<(i64, String)>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<StatusCode> {
    let conn = state.store.lock();
    load_owned(&conn, account.id, task_id, &owner)?;
    let TriggerRef::Schedule(id) = TriggerRef::parse(&trigger_id)? else {
        return Err(ApiError::validation(
            "the webhook and email triggers are removed through DELETE /tasks/{id}/webhook or \
             by archiving the task, not by id",
        ));
    };
    if !triggers::delete(&conn, task_id, id)? {
        return Err(ApiError::not_found(format!("trigger {trigger_id} of task {task_id}")));
    }
    Ok(StatusCode::NO_CONTENT)
}

pub fn virtual_trigger(
    state: &AppState,
    task: &Task,
    kind: TriggerType,
    token: &str,
    timezone: &str,
    enabled: bool,
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
        enabled: Some(enabled),
        cron: None,
        interval_seconds: None,
        timezone: Some(timezone.into()),
        next_run: None,
        url,
        address,
        run_at: None,
        task_id: None,
        task_name: None,
        extra: Default::default(),
    }
}
