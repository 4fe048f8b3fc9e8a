//! Tasks (wire.md §2.3): saved instructions for a teammate. Deleting archives. Running a task
//! (`POST /tasks/{id}/runs`) belongs to the runs routes; its triggers to `triggers`.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::get;
use axum::{Json, Router};
use m8tes_protocol::types::{Page, Task, TaskCreate, TaskListParams, TaskUpdate};
use rusqlite::{params, Connection, OptionalExtension, Row};

use crate::clock;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::owner::{owned_by, HasOwner, OwnerFilter};
use crate::http::pagination::PageRequest;
use crate::http::{collection, teammates};
use crate::state::AppState;
use crate::store::json_column;

/// How much of the instructions names a task created without a `name`.
const DEFAULT_NAME_CHARS: usize = 100;

pub fn routes() -> Router<AppState> {
    collection(Router::new(), "/tasks", get(list).post(create))
        .route("/tasks/{id}", get(show).patch(update).delete(archive))
}

const COLUMNS: &str = "id, teammate_id, name, instructions, tools, expected_output, goals, \
    user_id, status, created_at, updated_at";

fn from_row(row: &Row) -> rusqlite::Result<Task> {
    Ok(Task {
        id: row.get(0)?,
        teammate_id: row.get(1)?,
        name: row.get(2)?,
        instructions: row.get(3)?,
        tools: json_column::read(row.get(4)?),
        expected_output: row.get(5)?,
        goals: row.get(6)?,
        user_id: row.get(7)?,
        status: row.get(8)?,
        created_at: row.get(9)?,
        updated_at: row.get(10)?,
        extra: Default::default(),
    })
}

/// The account's task `id`, archived ones included; 404 for anyone else's.
pub fn load(conn: &Connection, account_id: i64, id: i64) -> ApiResult<Task> {
    conn.query_row(
        &format!("SELECT {COLUMNS} FROM tasks WHERE id = ?1 AND account_id = ?2"),
        params![id, account_id],
        from_row,
    )
    .optional()?
    .ok_or_else(|| ApiError::not_found(format!("task {id}")))
}

pub fn is_archived(task: &Task) -> bool {
    task.status.as_deref() == Some("archived")
}

async fn create(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiJson(body): ApiJson<TaskCreate>,
) -> ApiResult<(StatusCode, Json<Task>)> {
    check_instructions(&body.instructions)?;
    let conn = state.store.lock();
    let teammate = teammates::load(&conn, account.id, body.teammate_id)?;
    if teammate.status.as_deref() == Some("archived") {
        return Err(ApiError::conflict(format!("teammate {} is archived", teammate.id))
            .with_error_code("teammate_archived"));
    }
    let name = match body.name {
        Some(name) => Some(checked_name(name)?),
        None => Some(body.instructions.chars().take(DEFAULT_NAME_CHARS).collect()),
    };
    conn.execute(
        "INSERT INTO tasks (account_id, teammate_id, name, instructions, tools, expected_output,
             goals, user_id, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
        params![
            account.id,
            body.teammate_id,
            name,
            body.instructions,
            json_column::write(Some(&body.tools.unwrap_or_default()))?,
            body.expected_output,
            body.goals,
            body.user_id,
            clock::now_iso(),
        ],
    )?;
    let task = load(&conn, account.id, conn.last_insert_rowid())?;
    Ok((StatusCode::CREATED, Json(task)))
}

async fn list(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(query): ApiQuery<TaskListParams>,
) -> ApiResult<Json<Page<Task>>> {
    let page = PageRequest::new(query.limit, query.starting_after)?;
    let conn = state.store.lock();
    let sql = &format!(
        "SELECT {COLUMNS} FROM tasks
         WHERE account_id = ?1 AND status != 'archived' AND id > ?2
           AND (?3 IS NULL OR teammate_id = ?3) AND (?4 IS NULL OR user_id = ?4)
         ORDER BY id LIMIT ?5"
    );
    Ok(Json(page.fetch(
        &conn,
        sql,
        params![
            account.id,
            page.starting_after,
            query.teammate_id,
            query.user_id,
            page.fetch_limit()
        ],
        from_row,
        |t| t.id,
    )?))
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
        check_instructions(&instructions)?;
        task.instructions = instructions;
    }
    if let Some(name) = body.name {
        task.name = Some(checked_name(name)?);
    }
    task.tools = body.tools.or(task.tools);
    task.expected_output = body.expected_output.or(task.expected_output);
    task.goals = body.goals.or(task.goals);
    conn.execute(
        "UPDATE tasks SET name = ?1, instructions = ?2, tools = ?3, expected_output = ?4,
             goals = ?5, updated_at = ?6
         WHERE id = ?7",
        params![
            task.name,
            task.instructions,
            json_column::write(task.tools.as_ref())?,
            task.expected_output,
            task.goals,
            clock::now_iso(),
            id,
        ],
    )?;
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
    if !is_archived(&task) {
        let tx = conn.transaction()?;
        tx.execute(
            "UPDATE tasks SET status = 'archived', webhook_token = NULL, email_token = NULL,
                 updated_at = ?1 WHERE id = ?2",
            params![clock::now_iso(), id],
        )?;
        tx.execute("UPDATE task_triggers SET enabled = 0 WHERE task_id = ?1", [id])?;
        tx.commit()?;
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

fn check_instructions(instructions: &str) -> ApiResult<()> {
    if instructions.trim().is_empty() {
        return Err(ApiError::validation("instructions must not be empty"));
    }
    Ok(())
}

fn checked_name(name: String) -> ApiResult<String> {
    if name.chars().count() > 255 {
        return Err(ApiError::validation("name must be at most 255 characters"));
    }
    Ok(name)
}
