//! Tasks (wire.md §2.3): saved instructions for a teammate. Deleting archives. Running a task
//! (`POST /tasks/{id}/runs`) belongs to `http/runs`; its triggers to `triggers`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{Page, Task, TaskCreate, TaskListParams, TaskUpdate};
use rusqlite::Connection;

use crate::http::auth::Account;
use crate::http::collection;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::{owned_by, HasOwner, OwnerFilter};
use crate::http::pagination::PageRequest;
use crate::state::AppState;
use crate::store::tasks::{self, TaskFilter};
use crate::store::teammates;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/tasks", get(list).post(create))
        .route("/tasks/{id}", get(show).patch(update).delete(archive))
}

/// The account's task `id`, archived ones included; 404 for anyone else's.
pub fn load(conn: &Connection, account_id: i64, id: i64) -> ApiResult<Task> {
    tasks::find(conn, account_id, id)?.ok_or_else(|| ApiError::not_found(format!("task {id}")))
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(mut body): ApiJson<TaskCreate>,
) -> ApiResult<(StatusCode, Json<Task>)> {
    tasks::check_instructions(&body.instructions)?;
    let conn = state.store.lock();
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
    let task = tasks::insert(&conn, account.id, &body)?;
    Ok((StatusCode::CREATED, Json(task)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<TaskListParams>,
) -> ApiResult<Json<Page<Task>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let filter = TaskFilter { teammate_id: query.teammate_id, user_id: query.user_id.as_deref() };
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
    let task = load(&state.store.lock(), account.id, id)?;
    owned_by(task, owner.user_id.as_deref()).map(Json)
}

async fn update(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
    ApiJson(body): ApiJson<TaskUpdate>,
) -> ApiResult<Json<Task>> {
    let conn = state.store.lock();
    let mut task = load(&conn, account.id, id)?;
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

/// Archives: readable by id, gone from lists, its triggers stop firing. Idempotent.
async fn archive(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(id): ApiPath<i64>,
) -> ApiResult<StatusCode> {
    let mut conn = state.store.lock();
    let task = load(&conn, account.id, id)?;
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
