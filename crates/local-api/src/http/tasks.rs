//! Tasks (wire.md §2.3, §11): saved instructions for a teammate. Deleting archives. Running a
//! task (`POST /tasks/{id}/runs`) belongs to `http/runs`; its triggers to `triggers`, its
//! inbound webhook to `task_webhook`, its lessons to `task_lessons`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{Page, Task, TaskCreate, TaskListParams, TaskUpdate};
use rusqlite::Connection;
use serde::Deserialize;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::{owned_by, HasOwner, OwnerFilter};
use crate::http::pagination::PageRequest;
use crate::http::triggers::{add_schedule, ScheduleRequest};
use crate::http::{task_lessons, task_webhook};
use crate::state::AppState;
use crate::store::tasks::{self, TaskFilter};
use crate::store::teammates;
use crate::store::tokens::ensure_inbound_token;
use crate::store::triggers::Owner;
use crate::{clock, schedule};

pub fn routes() -> Router<AppState> {
    let router = collection(Router::new(), "/tasks", get(list).post(create))
        .route("/tasks/{id}", get(show).patch(update).delete(archive));
    task_lessons::routes(task_webhook::routes(router))
}

/// The account's task `id`, archived ones included; 404 for anyone else's.
pub fn load(conn: &Connection, account_id: i64, id: i64) -> ApiResult<Task> {
    tasks::find(conn, account_id, id)?.ok_or_else(|| ApiError::not_found(format!("task {id}")))
}

/// [`load`], and 404 too for another end user's when the request names one (`?user_id=`).
pub fn load_owned(
    conn: &Connection,
    account_id: i64,
    id: i64,
    owner: &OwnerFilter,
) -> ApiResult<Task> {
    owned_by(load(conn, account_id, id)?, owner.user_id.as_deref())
}

/// `POST /tasks`: SDK 4.49 can add a cron schedule (`schedule`, `schedule_timezone`) and the
/// inbound webhook (`webhook: true`) at once; all or nothing.
#[derive(Deserialize)]
struct CreateBody {
    #[serde(flatten)]
    task: TaskCreate,
    #[serde(default)]
    schedule: Option<String>,
    #[serde(default)]
    schedule_timezone: Option<String>,
    #[serde(default)]
    webhook: bool,
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(request): ApiJson<CreateBody>,
) -> ApiResult<(StatusCode, Json<Task>)> {
    let mut body = request.task;
    tasks::check_instructions(&body.instructions)?;
    if request.schedule_timezone.is_some() && request.schedule.is_none() {
        return Err(ApiError::validation("schedule_timezone needs a schedule"));
    }
    let mut conn = state.store.lock();
    let teammate = crate::http::teammates::load(&conn, account.id, body.teammate_id)?;
    // Another end user's teammate does not exist for this task; one made for an end user
    // passes that end user on to a task created without one. An account-level teammate
    // serves any end user.
    if let (Some(asked), Some(owner)) = (&body.user_id, &teammate.user_id) {
        if asked != owner {
            return Err(ApiError::not_found(format!("teammate {}", teammate.id)));
        }
    }
    body.user_id = body.user_id.or_else(|| teammate.user_id.clone());
    if teammates::is_archived(&teammate) {
        return Err(ApiError::conflict(format!("teammate {} is archived", teammate.id))
            .with_error_code("teammate_archived"));
    }
    let tx = conn.transaction()?;
    let task = tasks::insert(&tx, account.id, &body)?;
    if let Some(cron) = request.schedule.as_deref() {
        let timezone = request.schedule_timezone.as_deref().unwrap_or("UTC");
        let schedule = ScheduleRequest { cron: Some(cron), interval_seconds: None, run_at: None };
        add_schedule(&tx, account.id, task.id, &schedule, timezone)?;
    }
    if request.webhook {
        ensure_inbound_token(&tx, "tasks", task.id, "webhook_token")?;
    }
    let task = load(&tx, account.id, task.id)?;
    tx.commit()?;
    Ok((StatusCode::CREATED, Json(task)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<TaskListParams>,
) -> ApiResult<Json<Page<Task>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let filter = TaskFilter {
        teammate_id: query.teammate_id,
        user_id: query.user_id.as_deref(),
        include_archived: query.include_archived.unwrap_or(false),
    };
    let rows = tasks::list(
        &state.store.lock(),
        account.id,
        &filter,
        page.starting_after,
        page.fetch_limit(),
    )?;
    Ok(Json(page.page(rows, |t| t.id)))
}

async fn show(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<Task>> {
    load_owned(&state.store.lock(), account.id, id, &owner).map(Json)
}

async fn update(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(UpdateBody { task: body, status }): ApiJson<UpdateBody>,
) -> ApiResult<Json<Task>> {
    let mut conn = state.store.lock();
    let mut task = load_owned(&conn, account.id, id, &owner)?;
    if let Some(status) = status.as_deref() {
        set_status(&mut conn, &task, status)?;
    }
    if let Some(instructions) = body.instructions {
        tasks::check_instructions(&instructions)?;
        task.instructions = instructions;
    }
    if let Some(name) = body.name {
        task.name = Some(tasks::checked_name(&name)?.to_owned());
    }
    task.tools = body.tools.or(task.tools);
    task.expected_output = body.expected_output.or(task.expected_output);
    task.goals = body.goals.or(task.goals);
    tasks::update(&conn, &task)?;
    load(&conn, account.id, id).map(Json)
}

/// `PATCH /tasks/{id}`: SDK 4.49 adds `status` (`enabled` or `disabled`).
#[derive(Deserialize)]
struct UpdateBody {
    #[serde(flatten)]
    task: TaskUpdate,
    #[serde(default)]
    status: Option<String>,
}

/// Disabling pauses the task's schedules and its webhook; enabling re-arms the schedules, but
/// the webhook stays paused until resumed (`PATCH …/webhook`), as 4.49 documents.
fn set_status(conn: &mut Connection, task: &Task, status: &str) -> ApiResult<()> {
    if tasks::is_archived(task) {
        return Err(ApiError::conflict(format!("task {} is archived", task.id))
            .with_error_code("task_archived"));
    }
    let tx = conn.transaction()?;
    match status {
        teammates::DISABLED => tasks::disable(&tx, task.id)?,
        teammates::ENABLED if task.status.as_deref() != Some(teammates::ENABLED) => {
            tasks::enable(&tx, task.id)?;
            schedule::rearm(&tx, Owner::Task(task.id), clock::now())?;
        }
        teammates::ENABLED => {}
        _ => {
            return Err(ApiError::validation(
                "status must be enabled or disabled (archiving is DELETE /tasks/{id})",
            ))
        }
    }
    tx.commit()?;
    Ok(())
}

/// Archives: readable by id, gone from lists, its triggers stop firing. Idempotent.
async fn archive(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<StatusCode> {
    let mut conn = state.store.lock();
    let task = load_owned(&conn, account.id, id, &owner)?;
    if !tasks::is_archived(&task) {
        tasks::archive(&mut conn, id)?;
    }
    Ok(StatusCode::NO_CONTENT)
}

impl HasOwner for Task {
    const KIND: &'static str = "task";
    fn owner(&self) -> Option<&str> {
        self.user_id.as_deref()
    }
    fn key(&self) -> i64 {
        self.id
    }
}
