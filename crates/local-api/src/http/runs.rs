//! `/runs…` (wire.md §2.2, §3, §9.4, §9.7) and `POST /tasks/{id}/runs` (§2.3): starting runs
//! (streamed or not, idempotently), reading them, steering them through their gates,
//! cancelling, rejoining the stream, and their files.
//!
//! Where the contract is silent, this server decides:
//! - A stream ends with `data: [DONE]` (the `done` event) after `run_metrics` or `error`; a
//!   cancelled run's stream ends with a `cancelled` event instead.
//! - A stream stays open while the run waits at a gate (with keepalives) and goes on once
//!   the gate is answered from another request.
//! - `GET /runs/{id}/stream` replays the current turn (a reply starts a new turn), so the
//!   replayed text is the run's `output` once it ends (D15).
//! - A reply to a run that is still executing is a 409 `run_active`; to a finished run
//!   (completed, failed or cancelled) it re-opens the same run.
//! - Created runs answer 200 (the SDK accepts any 2xx); an idempotent replay answers 200 with
//!   the run as it is now.

use axum::extract::State;
use axum::http::{header, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, patch, post};
use axum::{Json, Router};
use m8tes_protocol::types::{
    AnswerResult, Answers, Approval, Decision, JsonObject, PermissionMode, PermissionModeState,
    PermissionModeUpdate, PermissionRequest, RunCreate, RunFile, RunListParams, RunReply,
    TaskRunCreate, QUESTION_TOOL,
};
use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::collection;
use crate::agent::live::GateAnswer;
use crate::agent::{files, launch};
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::idempotency::{self, IdempotencyKey};
use crate::http::owner::{owned_by, HasOwner, OwnerFilter};
use crate::http::pagination::PageRequest;
use crate::http::stream as event_stream;
use crate::model::{GateStatus, RunStatus, WebhookEventName};
use crate::state::AppState;
use crate::store::gates;
use crate::store::permissions;
use crate::store::runs::{self, RunFilter, RunRow};
use crate::store::{tasks, teammates as teammate_store};

pub fn routes() -> Router<AppState> {
    let router = collection(Router::new(), "/runs", get(list_runs).post(create_run));
    let router = collection(router, "/runs/{id}/reply", post(reply));
    let router = collection(router, "/tasks/{id}/runs", post(run_task));
    router
        .route("/runs/{id}", get(get_run))
        .route("/runs/{id}/cancel", post(cancel))
        .route("/runs/{id}/stream", get(stream))
        .route("/runs/{id}/permission-mode", patch(set_permission_mode))
        .route("/runs/{id}/permissions", get(permissions))
        .route("/runs/{id}/approve", post(approve))
        .route("/runs/{id}/answer", post(answer))
        .route("/runs/{id}/files", get(list_files))
        .route("/runs/{id}/files/{name}/download", get(download_file))
}

/// Parses a body already read as JSON (kept as a value for the idempotency fingerprint).
fn parse<T: DeserializeOwned>(body: &Value) -> ApiResult<T> {
    T::deserialize(body).map_err(|error| ApiError::validation(format!("invalid body: {error}")))
}

fn require_message(message: &str) -> ApiResult<()> {
    if message.trim().is_empty() {
        return Err(ApiError::validation("message must not be empty"));
    }
    Ok(())
}

/// `approval` and `plan` need a person in the loop (wire.md §2.2).
fn check_mode(mode: PermissionMode, human_in_the_loop: bool) -> ApiResult<()> {
    if !mode.is_autonomous() && !human_in_the_loop {
        return Err(ApiError::validation(format!(
            "permission_mode {:?} requires human_in_the_loop: true",
            mode.as_str()
        )));
    }
    Ok(())
}

fn owned_run(conn: &Connection, account: &Account, id: i64) -> ApiResult<RunRow> {
    runs::find(conn, account.id, id)?.ok_or_else(|| ApiError::not_found(format!("run {id}")))
}

/// The run as a by-id request sees it: `?user_id=` naming another end user hides it (404).
fn visible_run(
    conn: &Connection,
    account: &Account,
    id: i64,
    owner: &OwnerFilter,
) -> ApiResult<RunRow> {
    owned_by(owned_run(conn, account, id)?, owner.user_id.as_deref())
}

/// The Run for a repeated Idempotency-Key (D6): JSON, even for a streaming request.
fn replay(conn: &Connection, account: &Account, run_id: i64) -> ApiResult<Response> {
    let run = owned_run(conn, account, run_id)?;
    let mut response = Json(run.to_wire()).into_response();
    response.headers_mut().insert("idempotent-replay", HeaderValue::from_static("true"));
    Ok(response)
}

/// What a run-creating POST came to: a turn to begin (the run and its message), or the
/// answer for a repeated Idempotency-Key.
enum Made {
    Turn(Box<RunRow>, String),
    Replay(Response),
}

/// Makes a run in one transaction under the request's Idempotency-Key (D6): the same key with
/// the same request replays the run it made (a different request is a 409), and a new key is
/// bound to the run `make` returns.
fn under_key(
    conn: &Connection,
    account: &Account,
    key: Option<&str>,
    route: &str,
    body: &Value,
    make: impl FnOnce(&Connection) -> ApiResult<(RunRow, String)>,
) -> ApiResult<Made> {
    let fingerprint = idempotency::fingerprint(route, body);
    if let Some(key) = key {
        if let Some(run_id) = idempotency::replayed_run(conn, account.id, key, &fingerprint)? {
            return replay(conn, account, run_id).map(Made::Replay);
        }
    }
    let tx = conn.unchecked_transaction()?;
    let (run, message) = make(&tx)?;
    if let Some(key) = key {
        idempotency::record(&tx, account.id, key, &fingerprint, run.id)?;
    }
    tx.commit()?;
    Ok(Made::Turn(Box::new(run), message))
}

/// Starts the run's current turn and answers with its stream or the Run.
fn begin(state: &AppState, made: Made, stream: bool) -> ApiResult<Response> {
    let (run, message) = match made {
        Made::Turn(run, message) => (*run, message),
        Made::Replay(response) => return Ok(response),
    };
    let wire = run.to_wire();
    let live = launch::start(state, run, message)?;
    if stream {
        Ok(event_stream::sse(live.subscribe()?, state.config.stream_keepalive))
    } else {
        Ok(Json(wire).into_response())
    }
}

async fn create_run(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult<Response> {
    let request: RunCreate = parse(&body)?;
    require_message(&request.message)?;
    check_mode(request.permission_mode, request.human_in_the_loop)?;
    let made =
        under_key(&state.store.lock(), &account, key.as_deref(), "POST /runs", &body, |tx| {
            let id = launch::insert_run(tx, account.id, &request)?;
            Ok((owned_run(tx, &account, id)?, request.message.clone()))
        })?;
    begin(&state, made, request.stream)
}

async fn reply(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult<Response> {
    let request: RunReply = parse(&body)?;
    require_message(&request.message)?;
    let route = format!("POST /runs/{id}/reply");
    let made = under_key(&state.store.lock(), &account, key.as_deref(), &route, &body, |tx| {
        let run = visible_run(tx, &account, id, &owner)?;
        // A reply continues the same run, re-opened, with its history.
        if run.is_active() || runs::reopen(tx, id, &request.message)?.is_none() {
            return Err(ApiError::conflict(format!(
                "run {id} is still executing ({}); reply once it has finished, or cancel it",
                run.status.as_str()
            ))
            .with_error_code("run_active"));
        }
        Ok((owned_run(tx, &account, id)?, request.message.clone()))
    })?;
    begin(&state, made, request.stream)
}

async fn run_task(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    ApiPath(task_id): ApiPath<i64>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult<Response> {
    let request: TaskRunCreate = parse(&body)?;
    check_mode(request.permission_mode, request.human_in_the_loop)?;
    let route = format!("POST /tasks/{task_id}/runs");
    let made = under_key(&state.store.lock(), &account, key.as_deref(), &route, &body, |tx| {
        let task = tasks::info(tx, account.id, task_id)?
            .ok_or_else(|| ApiError::not_found(format!("task {task_id}")))?;
        if task.is_archived() {
            return Err(ApiError::bad_request(format!("task {task_id} is archived")));
        }
        let teammate = teammate_store::info(tx, account.id, task.teammate_id)?;
        let options = launch::TaskRunOptions {
            user_id: request.user_id.clone(),
            metadata: request.metadata.clone(),
            human_in_the_loop: request.human_in_the_loop,
            permission_mode: request.permission_mode,
            use_memory: request.memory,
            use_history: request.history,
            context: None,
        };
        Ok(launch::insert_task_run(tx, &task, teammate.as_ref(), &options)?)
    })?;
    begin(&state, made, request.stream)
}

async fn list_runs(
    State(state): State<AppState>,
    account: Account,
    ApiQuery(params): ApiQuery<RunListParams>,
) -> ApiResult<Response> {
    let page = PageRequest::new(params.limit, params.starting_after)?;
    let status = match &params.status {
        Some(status) => Some(RunStatus::parse(status).ok_or_else(|| {
            let names: Vec<&str> = RunStatus::ALL.iter().map(|s| s.as_str()).collect();
            ApiError::validation(format!(
                "status must be one of {}; got {status:?}",
                names.join(", ")
            ))
        })?),
        None => None,
    };
    let filter = RunFilter { teammate_id: params.teammate_id, user_id: params.user_id, status };
    let rows = runs::list(
        &state.store.lock(),
        account.id,
        &filter,
        page.starting_after,
        page.fetch_limit(),
    )?;
    let page = page.page(rows.iter().map(RunRow::to_wire).collect(), |run| run.id);
    Ok(Json(page).into_response())
}

async fn get_run(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let run = visible_run(&state.store.lock(), &account, id, &owner)?;
    Ok(Json(run.to_wire()).into_response())
}

async fn cancel(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let run = {
        let conn = state.store.lock();
        let run = visible_run(&conn, &account, id, &owner)?;
        if !runs::transition(&conn, id, &RunStatus::ACTIVE, RunStatus::Cancelled)? {
            return Err(ApiError::conflict(format!(
                "run {id} already finished ({}); only a running run can be cancelled",
                run.status.as_str()
            ))
            .with_error_code("run_not_active"));
        }
        gates::cancel_open(&conn, id)?;
        owned_run(&conn, &account, id)?
    };
    if let Some(live) = state.agents.live(id) {
        live.stop(crate::agent::live::Stop::Cancelled);
    }
    state.outbound.publish_run(&state.store, id, WebhookEventName::RunCancelled);
    Ok(Json(run.to_wire()).into_response())
}

/// Rejoins a live run (wire.md §9.7): this turn's history, then live events.
async fn stream(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let run = visible_run(&state.store.lock(), &account, id, &owner)?;
    let live = state.agents.live(id).filter(|_| run.is_active()).ok_or_else(|| {
        ApiError::conflict(format!("run {id} is no longer executing ({})", run.status.as_str()))
            .with_error_code("run_not_active")
    })?;
    Ok(event_stream::sse(live.subscribe()?, state.config.stream_keepalive))
}

async fn set_permission_mode(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<PermissionModeUpdate>,
) -> ApiResult<Response> {
    let mode = body.permission_mode;
    let released = {
        let conn = state.store.lock();
        visible_run(&conn, &account, id, &owner)?;
        runs::set_permission_mode(&conn, id, mode)?;
        // Going autonomous approves the tool requests waiting now (wire.md §3).
        let mut released = Vec::new();
        if body.permission_mode.is_autonomous() {
            for gate in gates::of_run(&conn, id)? {
                if gate.status == GateStatus::Pending
                    && gate.tool_name != QUESTION_TOOL
                    && gates::resolve(&conn, &gate.request_id, GateStatus::Allowed, None)?
                {
                    released.push(gate.request_id);
                }
            }
        }
        released
    };
    if let Some(live) = state.agents.live(id) {
        for request_id in released {
            live.answer_gate(&request_id, GateAnswer::Allow);
        }
    }
    Ok(Json(PermissionModeState { permission_mode: mode.as_str().into() }).into_response())
}

async fn permissions(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let conn = state.store.lock();
    visible_run(&conn, &account, id, &owner)?;
    let gates: Vec<PermissionRequest> =
        gates::of_run(&conn, id)?.iter().map(gates::GateRow::to_wire).collect();
    Ok(Json(gates).into_response())
}

impl HasOwner for RunRow {
    const KIND: &'static str = "run";
    fn owner(&self) -> Option<&str> {
        self.settings.user_id.as_deref()
    }
    fn key(&self) -> i64 {
        self.id
    }
}

/// A gate that cannot take an answer any more: why, as the codes of wire.md §9.5 say it.
fn closed_gate(status: GateStatus, request_id: &str) -> ApiError {
    let code =
        if status == GateStatus::Cancelled { "gate_cancelled" } else { "gate_resolved_otherwise" };
    ApiError::conflict(format!("permission request {request_id} is already {}", status.as_str()))
        .with_error_code(code)
}

fn not_active(id: i64) -> ApiError {
    ApiError::conflict(format!("run {id} is not executing, so it waits on no gate"))
        .with_error_code("run_not_active")
}

async fn approve(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<Approval>,
) -> ApiResult<Response> {
    let gate = {
        let conn = state.store.lock();
        let run = visible_run(&conn, &account, id, &owner)?;
        let gate = gates::find(&conn, id, &body.request_id)?.ok_or_else(|| {
            ApiError::not_found(format!("permission request {:?}", body.request_id))
                .with_error_code("gate_not_found")
        })?;
        if gate.tool_name == QUESTION_TOOL {
            return Err(ApiError::validation(
                "this request is a question: answer it with POST /runs/{id}/answer",
            ));
        }
        if gate.status != GateStatus::Pending {
            return Err(closed_gate(gate.status, &gate.request_id));
        }
        if !run.is_active() || state.agents.live(id).is_none() {
            return Err(not_active(id));
        }
        let status = GateStatus::of_decision(body.decision);
        if !gates::resolve(&conn, &gate.request_id, status, None)? {
            return Err(closed_gate(GateStatus::Resolved, &gate.request_id));
        }
        if body.remember && body.decision == Decision::Allow {
            if let Some(user) = &run.settings.user_id {
                permissions::allow(&conn, account.id, user, &gate.tool_name)?;
            }
        }
        gates::find(&conn, id, &gate.request_id)?.unwrap_or(gate)
    };
    let answer = match body.decision {
        Decision::Allow => GateAnswer::Allow,
        Decision::Deny => GateAnswer::Deny,
    };
    if let Some(live) = state.agents.live(id) {
        live.answer_gate(&gate.request_id, answer);
    }
    Ok(Json(gate.to_wire()).into_response())
}

async fn answer(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<Answers>,
) -> ApiResult<Response> {
    if body.answers.is_empty() {
        return Err(ApiError::validation("answers must not be empty"));
    }
    let (request_id, choice) = {
        let conn = state.store.lock();
        let run = visible_run(&conn, &account, id, &owner)?;
        let gates = gates::of_run(&conn, id)?;
        let gate = gates
            .into_iter()
            .filter(|g| g.tool_name == QUESTION_TOOL && g.status == GateStatus::Pending)
            .find(|g| body.request_id.as_ref().is_none_or(|wanted| *wanted == g.request_id))
            .filter(|_| run.is_active() && state.agents.live(id).is_some())
            .ok_or_else(|| {
                ApiError::conflict(format!(
                    "run {id} is not waiting for an answer ({})",
                    run.status.as_str()
                ))
                .with_error_code("run_not_awaiting_input")
            })?;
        let choice = chosen_label(&gate.to_wire(), &body.answers)?;
        if !gates::resolve(
            &conn,
            &gate.request_id,
            GateStatus::Resolved,
            Some(&Value::Object(body.answers.clone())),
        )? {
            return Err(closed_gate(GateStatus::Resolved, &gate.request_id));
        }
        (gate.request_id, choice)
    };
    let resumed = state
        .agents
        .live(id)
        .is_some_and(|live| live.answer_gate(&request_id, GateAnswer::Choice(choice)));
    Ok(Json(AnswerResult { status: "ok".into(), resumed, extra: JsonObject::new() })
        .into_response())
}

/// The option picked for the gate's first question, keyed by its text or its header (D14,
/// wire.md §9.5); a label that is not one of the options is a 422.
fn chosen_label(gate: &PermissionRequest, answers: &JsonObject) -> ApiResult<String> {
    let questions = gate.questions();
    let Some(question) = questions.first() else {
        return Err(ApiError::validation("this request has no questions"));
    };
    let given = answers
        .get(&question.question)
        .or_else(|| answers.get(&question.header))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            ApiError::validation(format!(
                "answers has no answer for {:?} (key it by the question text or its header)",
                question.question
            ))
        })?;
    let labels: Vec<&str> = question.options.iter().map(|o| o.label.as_str()).collect();
    labels
        .iter()
        .find(|label| label.eq_ignore_ascii_case(given.trim()))
        .map(|label| (*label).to_owned())
        .ok_or_else(|| {
            ApiError::validation(format!("{given:?} is not an option; choose one of {labels:?}"))
        })
}

async fn list_files(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let conn = state.store.lock();
    visible_run(&conn, &account, id, &owner)?;
    let listed: Vec<RunFile> = files::list(&conn, id)?
        .into_iter()
        .map(|(name, size)| RunFile { name, size, extra: JsonObject::new() })
        .collect();
    Ok(Json(listed).into_response())
}

async fn download_file(
    State(state): State<AppState>,
    account: Account,
    ApiPath((id, name)): ApiPath<(i64, String)>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let found = {
        let conn = state.store.lock();
        visible_run(&conn, &account, id, &owner)?;
        files::read(&conn, state.config.data_dir.as_deref(), id, &name).map_err(|error| {
            eprintln!("m8tes-local: run {id}: cannot read a file: {error}");
            ApiError::internal("the file could not be read; see the server log")
        })?
    };
    let (content_type, bytes) =
        found.ok_or_else(|| ApiError::not_found(format!("file {name:?} of run {id}")))?;
    let disposition = format!(
        "attachment; filename*=UTF-8''{}",
        m8tes_protocol::seg(&name).unwrap_or_else(|_| "download".into())
    );
    let mut response = (StatusCode::OK, bytes).into_response();
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&content_type) {
        headers.insert(header::CONTENT_TYPE, value);
    }
    if let Ok(value) = HeaderValue::from_str(&disposition) {
        headers.insert(header::CONTENT_DISPOSITION, value);
    }
    Ok(response)
}
