//! Starting runs: `POST /runs`, a reply to a finished run, and `POST /tasks/{id}/runs`, each
//! streamed or not and made at most once per Idempotency-Key (D6).

use axum::extract::State;
use axum::http::HeaderValue;
use axum::response::{IntoResponse, Response};
use axum::Json;
use m8tes_protocol::types::{RunCreate, RunReply, TaskRunCreate};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::Value;

use super::{check_mode, owned_run, parse, require_message, visible_run};
use crate::agent::{launch, structured, Agents};
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery, NoQuery};
use crate::http::idempotency::{self, IdempotencyKey};
use crate::http::owner::OwnerFilter;
use crate::http::stream as event_stream;
use crate::state::AppState;
use crate::store::idempotency as store_keys;
use crate::store::runs::{self, RunRow};
use crate::store::{run_queue, tasks, teammates};

/// The Run for a repeated Idempotency-Key (D6): JSON, even for a streaming request.
fn replay(conn: &Connection, account: &Account, run_id: i64) -> ApiResult<Response> {
    let run = owned_run(conn, account, run_id)?;
    let mut response = Json(run.to_wire()).into_response();
    response.headers_mut().insert("idempotent-replay", HeaderValue::from_static("true"));
    Ok(named(response, run_id))
}

/// What a run-creating POST came to: a turn to begin (the run and its message), or the
/// answer for a repeated Idempotency-Key.
pub(super) enum Made {
    Turn(Box<RunRow>, String),
    /// A reply to a run still executing, queued as its next turn (wire.md §10.4).
    Queued(Box<RunRow>),
    Replay(Response),
}

impl Made {
    pub(super) fn turn(run: RunRow, message: String) -> ApiResult<Made> {
        Ok(Made::Turn(Box::new(run), message))
    }

    fn run_id(&self) -> Option<i64> {
        match self {
            Made::Turn(run, _) | Made::Queued(run) => Some(run.id),
            Made::Replay(_) => None,
        }
    }
}

/// Makes a run in one transaction under the request's Idempotency-Key (D6): the same key with
/// the same request replays the run it made (a different request is a 409), and a new key is
/// bound to the run `make` returns. A new run is refused while the account is at its
/// live-run limit; a replay is not.
pub(super) fn under_key(
    agents: &Agents,
    conn: &Connection,
    account: &Account,
    key: Option<&str>,
    route: &str,
    body: &Value,
    make: impl FnOnce(&Connection) -> ApiResult<Made>,
) -> ApiResult<Made> {
    let fingerprint = store_keys::fingerprint(route, body);
    if let Some(key) = key {
        if let Some(run_id) = idempotency::replayed_run(conn, account.id, key, &fingerprint)? {
            return replay(conn, account, run_id).map(Made::Replay);
        }
    }
    agents.admit(account.id)?;
    let tx = conn.unchecked_transaction()?;
    let made = make(&tx)?;
    if let (Some(key), Some(run_id)) = (key, made.run_id()) {
        store_keys::record(&tx, account.id, key, &fingerprint, run_id)?;
    }
    tx.commit()?;
    Ok(made)
}

/// Starts the run's current turn and answers with its stream or the Run, named in `X-Run-Id`
/// either way (a replay too), so a client that loses the body still knows which run it made.
pub(super) fn begin(state: &AppState, made: Made, stream: bool) -> ApiResult<Response> {
    let (run, message) = match made {
        Made::Turn(run, message) => (*run, message),
        Made::Queued(run) => return queued(state, &run, stream),
        Made::Replay(response) => return Ok(response),
    };
    let run_id = run.id;
    let wire = run.to_wire();
    let live = launch::start(&state.agents, run, message)?;
    let response = if stream {
        event_stream::sse(live.subscribe()?, state.config.stream_keepalive)
    } else {
        Json(wire).into_response()
    };
    Ok(named(response, run_id))
}

/// The answer to a queued reply: the executing turn's stream (the reply is its next turn),
/// or the run naming the queued message.
fn queued(state: &AppState, run: &RunRow, stream: bool) -> ApiResult<Response> {
    let live = state.agents.live(run.id).filter(|_| stream);
    let response = match live {
        Some(live) => event_stream::sse(live.subscribe()?, state.config.stream_keepalive),
        None => Json(run.to_wire()).into_response(),
    };
    Ok(named(response, run.id))
}

fn named(mut response: Response, run_id: i64) -> Response {
    response.headers_mut().insert("x-run-id", HeaderValue::from(run_id));
    response
}

/// What SDK 4.49 sends to `POST /runs/` beyond `RunCreate` (wire.md §10.7).
#[derive(Debug, Default, Deserialize)]
pub(super) struct RunCreateLater {
    #[serde(default)]
    pub output_schema: Option<Value>,
}

impl RunCreateLater {
    pub(super) fn checked(body: &Value) -> ApiResult<RunCreateLater> {
        let later: RunCreateLater = parse(body)?;
        if let Some(schema) = &later.output_schema {
            structured::check_schema(schema).map_err(ApiError::validation)?;
        }
        Ok(later)
    }
}

pub(super) async fn create_run(
    State(state): State<AppState>,
    account: Account,
    _: NoQuery,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult<Response> {
    let request: RunCreate = parse(&body)?;
    require_message(&request.message)?;
    check_mode(request.permission_mode, request.human_in_the_loop)?;
    let later = RunCreateLater::checked(&body)?;
    let made = under_key(
        &state.agents,
        &state.store.lock(),
        &account,
        key.as_deref(),
        "POST /runs",
        &body,
        |tx| {
            let id = launch::insert_run(tx, account.id, &request, later.output_schema.as_ref())?;
            Made::turn(owned_run(tx, &account, id)?, request.message.clone())
        },
    )?;
    begin(&state, made, request.stream)
}

/// The idempotency route of a reply. The query is part of the request: the same key and body
/// for another end user is another request, never a replay of this one's run.
pub(super) fn reply_route(id: i64, owner: &OwnerFilter, path: &str) -> String {
    match &owner.user_id {
        Some(user_id) => {
            format!("POST /runs/{id}/{path}?user_id={}", Value::from(user_id.as_str()))
        }
        None => format!("POST /runs/{id}/{path}"),
    }
}

/// A reply continues the same run, re-opened, with its history; to a run still executing it
/// waits as the next turn (wire.md §10.4).
pub(super) fn continue_run(
    tx: &Connection,
    account: &Account,
    id: i64,
    owner: &OwnerFilter,
    message: &str,
) -> ApiResult<Made> {
    visible_run(tx, account, id, owner)?;
    if runs::reopen(tx, id, message)?.is_none() {
        run_queue::enqueue(tx, id, message)?;
        return Ok(Made::Queued(Box::new(owned_run(tx, account, id)?)));
    }
    Made::turn(owned_run(tx, account, id)?, message.to_owned())
}

pub(super) async fn reply(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    IdempotencyKey(key): IdempotencyKey,
    ApiJson(body): ApiJson<Value>,
) -> ApiResult<Response> {
    let request: RunReply = parse(&body)?;
    require_message(&request.message)?;
    let route = reply_route(id, &owner, "reply");
    let made = under_key(
        &state.agents,
        &state.store.lock(),
        &account,
        key.as_deref(),
        &route,
        &body,
        |tx| continue_run(tx, &account, id, &owner, &request.message),
    )?;
    begin(&state, made, request.stream)
}

pub(super) async fn run_task(
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
    let made = under_key(
        &state.agents,
        &state.store.lock(),
        &account,
        key.as_deref(),
        &route,
        &body,
        |tx| {
            let task = tasks::info(tx, account.id, task_id)?
                .ok_or_else(|| ApiError::not_found(format!("task {task_id}")))?;
            if task.is_archived() {
                return Err(ApiError::bad_request(format!("task {task_id} is archived")));
            }
            let teammate = teammates::info(tx, account.id, task.teammate_id)?;
            let options = launch::TaskRunOptions {
                user_id: request.user_id.clone(),
                metadata: request.metadata.clone(),
                human_in_the_loop: request.human_in_the_loop,
                permission_mode: request.permission_mode,
                use_memory: request.memory,
                use_history: request.history,
                context: None,
            };
            let (run, message) = launch::insert_task_run(tx, &task, teammate.as_ref(), &options)?;
            Made::turn(run, message)
        },
    )?;
    begin(&state, made, request.stream)
}
