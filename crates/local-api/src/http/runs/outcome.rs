//! A run's result and its transcript (wire.md §10.8): `GET /runs/{id}/outcome` and
//! `GET /runs/{id}/messages`.

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use m8tes_protocol::types::{JsonObject, RunMessage, RunOutcome};
use m8tes_protocol::{RunEvent, StreamAccumulator};
use rusqlite::Connection;
use serde::Deserialize;
use serde_json::{json, Value};

use super::visible_run;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::state::AppState;
use crate::store::run_events;
use crate::store::run_transcript::{self, MessageRow, Window};

/// What `messages` reads without a `limit`, and the most it reads at once.
const DEFAULT_MESSAGES: i64 = 500;
const MAX_MESSAGES: i64 = 1000;

pub(super) async fn outcome(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Response> {
    let conn = state.store.lock();
    let run = visible_run(&conn, &account, id, &owner)?;
    let summary = run.output.clone().filter(|text| !text.trim().is_empty());
    // The closing message's first line, as a list card shows it.
    let headline = summary
        .as_deref()
        .and_then(|text| text.lines().map(str::trim).find(|line| !line.is_empty()))
        .map(|line| line.chars().take(120).collect::<String>());
    let input_tokens = run.input_tokens.unwrap_or(0);
    let output_tokens = run.output_tokens.unwrap_or(0);
    let outcome = RunOutcome {
        run_id: run.id,
        status: run.status.as_str().into(),
        summary,
        headline,
        needs_reply: false,
        needs_reply_count: Some(0),
        // The simulated agent delivers nothing by email or Slack.
        delivery_channel: "none".into(),
        output_data: run.marks.output_data.clone(),
        message_count: run_transcript::count(&conn, id)?,
        input_tokens,
        output_tokens,
        total_tokens: input_tokens + output_tokens,
        cost_usd: run.cost_usd.clone(),
    };
    Ok(Json(outcome).into_response())
}

/// Query of `GET /runs/{id}/messages`.
#[derive(Debug, Default, Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MessagesQuery {
    after_sequence: Option<i64>,
    before_sequence: Option<i64>,
    tail: Option<bool>,
    limit: Option<i64>,
    include_trace: Option<bool>,
    user_id: Option<String>,
}

impl MessagesQuery {
    fn window(&self) -> ApiResult<(Window, i64)> {
        let limit = self.limit.unwrap_or(DEFAULT_MESSAGES);
        if !(1..=MAX_MESSAGES).contains(&limit) {
            return Err(ApiError::validation(format!(
                "limit must be between 1 and {MAX_MESSAGES}, got {limit}"
            )));
        }
        let tail = self.tail.unwrap_or(false);
        let window = match (self.after_sequence, self.before_sequence, tail) {
            (Some(_), Some(_), _) => {
                return Err(ApiError::validation(
                    "after_sequence and before_sequence cannot be combined",
                ))
            }
            (Some(_), None, true) | (None, Some(_), true) => {
                return Err(ApiError::validation("tail cannot be combined with a sequence cursor"))
            }
            (Some(after), None, false) => Window::After(after),
            (None, Some(before), false) => Window::Before(before),
            (None, None, true) => Window::Before(i64::MAX),
            (None, None, false) => Window::After(0),
        };
        Ok((window, limit))
    }
}

fn to_wire(row: MessageRow, content_blocks: Option<Vec<Value>>) -> RunMessage {
    let mut metadata = JsonObject::new();
    metadata.insert("turn".into(), row.turn.into());
    RunMessage {
        id: row.id,
        run_id: row.run_id,
        sequence: row.sequence,
        role: row.role,
        content: row.content,
        content_blocks,
        event_metadata: metadata,
        created_at: row.created_at,
        extra: JsonObject::new(),
    }
}

/// An agent message's blocks, as Anthropic's API shapes them: its text, then a `tool_use` block
/// per tool the turn called (read from the turn's stored stream), which is where SDK 4.49's
/// `m8tes run tools` finds the tools a run used. A user message has none (null).
fn content_blocks(conn: &Connection, row: &MessageRow) -> ApiResult<Option<Vec<Value>>> {
    if row.role != "assistant" {
        return Ok(None);
    }
    let mut turn = StreamAccumulator::new();
    for (_, payload) in run_events::of_turn(conn, row.run_id, row.turn, 0)? {
        if let Some(event) = RunEvent::from_payload(&payload) {
            turn.apply(&event);
        }
    }
    let mut blocks = Vec::with_capacity(turn.tool_calls.len() + 1);
    if !row.content.is_empty() {
        blocks.push(json!({"type": "text", "text": row.content}));
    }
    for call in turn.tool_calls {
        let input = serde_json::from_str::<Value>(&call.arguments).unwrap_or_else(|_| json!({}));
        blocks.push(json!({"type": "tool_use", "id": call.id, "name": call.name, "input": input}));
    }
    Ok(Some(blocks))
}

pub(super) async fn messages(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(query): ApiQuery<MessagesQuery>,
) -> ApiResult<Response> {
    let (window, limit) = query.window()?;
    // Traces are not kept: a turn's events are its stream (`GET /runs/{id}/stream`).
    let _ = query.include_trace;
    let owner = OwnerFilter { user_id: query.user_id.clone() };
    let conn = state.store.lock();
    visible_run(&conn, &account, id, &owner)?;
    let rows = run_transcript::page(&conn, id, window, limit)?;
    let mut messages = Vec::with_capacity(rows.len());
    for row in rows {
        let blocks = content_blocks(&conn, &row)?;
        messages.push(to_wire(row, blocks));
    }
    Ok(Json(messages).into_response())
}
