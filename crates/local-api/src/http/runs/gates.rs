//! Steering a run through its gates: the permission mode, the pending requests, approving a
//! tool call and answering a question (wire.md §3, §9.5, D14).

use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use m8tes_protocol::types::{
    AnswerResult, Answers, Approval, JsonObject, PermissionModeState, PermissionModeUpdate,
    PermissionRequest,
};

use super::visible_run;
use crate::agent;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::state::AppState;
use crate::store::gates;

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

pub(super) async fn approve(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<Approval>,
) -> ApiResult<Response> {
    let run = visible_run(&state.store.lock(), &account, id, &owner)?;
    let approved = agent::gates::approve(&state.agents, &run, &body)?;
    let mut gate = approved.gate.to_wire();
    gate.extra.insert("resumed".into(), approved.resumed.into());
    gate.extra.insert("remembered".into(), approved.remembered.into());
    Ok(Json(gate).into_response())
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
    let run = visible_run(&state.store.lock(), &account, id, &owner)?;
    let resumed =
        agent::gates::answer(&state.agents, &run, body.request_id.as_deref(), &body.answers)?;
    Ok(Json(AnswerResult { status: "ok".into(), resumed, extra: JsonObject::new() })
        .into_response())
}
