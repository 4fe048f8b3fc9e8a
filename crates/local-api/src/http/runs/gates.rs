//! Steering a run through its gates: the permission mode, the pending requests, approving a
//! tool call and answering a question (wire.md §3, §9.5, D14).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use m8tes_protocol::types::{
    AnswerResult, Answers, Approval, Decision, JsonObject, PermissionModeState,
    PermissionModeUpdate, PermissionRequest, QUESTION_TOOL,
};
use serde_json::Value;

use super::visible_run;
use crate::agent;
use crate::agent::live::GateAnswer;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::model::GateStatus;
use crate::state::AppState;
use crate::store::gates;
use crate::store::permissions;

pub(super) async fn set_permission_mode(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<PermissionModeUpdate>,
) -> ApiResult<Response> {
    visible_run(&state.store.lock(), &account, id, &owner)?;
    agent::gates::switch_permission_mode(&state.agents, id, body.permission_mode)?;
    let mode = body.permission_mode.as_str().into();
    Ok(Json(PermissionModeState { permission_mode: mode }).into_response())
}

pub(super) async fn permissions(
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

pub(super) async fn approve(
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

pub(super) async fn answer(
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
