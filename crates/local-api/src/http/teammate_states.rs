//! A teammate's states beyond CRUD (SDK 4.49): `disable` pauses it (listed, its schedules do
//! not fire), `enable` resumes it and re-arms those schedules, `unarchive` restores an
//! archived one as disabled, `reset` clears template overrides (none here: no templates), and
//! `system-prompt` shows the standing prompt its runs start from.

use axum::extract::State;
use axum::routing::{get, post};
use axum::{Json, Router};
use m8tes_protocol::types::Teammate;
use serde::{Deserialize, Serialize};

use crate::agent::prompt;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::http::teammates::{load, load_owned};
use crate::state::AppState;
use crate::store::teammates::{self, DISABLED, ENABLED};
use crate::store::triggers::Owner;
use crate::{clock, schedule};

pub fn routes(router: Router<AppState>, base: &str) -> Router<AppState> {
    router
        .route(&format!("{base}/{{id}}/disable"), post(disable))
        .route(&format!("{base}/{{id}}/enable"), post(enable))
        .route(&format!("{base}/{{id}}/unarchive"), post(unarchive))
        .route(&format!("{base}/{{id}}/reset"), post(reset))
        .route(&format!("{base}/{{id}}/system-prompt"), get(system_prompt))
}

fn archived(id: i64) -> ApiError {
    ApiError::conflict(format!("teammate {id} is archived; unarchive it first"))
        .with_error_code("teammate_archived")
}

/// Idempotent. An archived teammate is refused (409 `teammate_archived`).
async fn disable(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<Teammate>> {
    let conn = state.store.lock();
    let teammate = load_owned(&conn, account.id, id, &owner)?;
    if teammates::is_archived(&teammate) {
        return Err(archived(id));
    }
    teammates::set_status(&conn, id, DISABLED)?;
    load(&conn, account.id, id).map(Json)
}

/// Idempotent; re-arms the schedules of a teammate that was disabled.
async fn enable(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<Teammate>> {
    let mut conn = state.store.lock();
    let teammate = load_owned(&conn, account.id, id, &owner)?;
    if teammates::is_archived(&teammate) {
        return Err(archived(id));
    }
    if teammate.status.as_deref() != Some(ENABLED) {
        let tx = conn.transaction()?;
        teammates::set_status(&tx, id, ENABLED)?;
        schedule::rearm(&tx, Owner::Teammate(id), clock::now())?;
        tx.commit()?;
    }
    load(&conn, account.id, id).map(Json)
}

/// Restores an archived teammate as disabled: its schedules stay off until `enable`. Its
/// webhook URL and inbox, destroyed by the archive, are not restored. Idempotent: a teammate
/// that is not archived comes back as it is.
async fn unarchive(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<Teammate>> {
    let conn = state.store.lock();
    let teammate = load_owned(&conn, account.id, id, &owner)?;
    if teammates::is_archived(&teammate) {
        teammates::set_status(&conn, id, DISABLED)?;
    }
    load(&conn, account.id, id).map(Json)
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ResetBody {
    #[serde(default)]
    fields: Option<Vec<String>>,
}

#[derive(Serialize)]
struct ResetAnswer {
    reset_fields: Vec<String>,
}

/// Clears the overrides a template-linked teammate keeps. This server has no templates, so
/// no teammate has overrides and the answer is always `{"reset_fields": []}`, as 4.49
/// documents for a teammate that is not templated.
async fn reset(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<ResetBody>,
) -> ApiResult<Json<ResetAnswer>> {
    let fields = body.fields.unwrap_or_default();
    if fields.iter().any(|field| field.trim().is_empty()) {
        return Err(ApiError::validation("fields must not contain empty names"));
    }
    load_owned(&state.store.lock(), account.id, id, &owner)?;
    Ok(Json(ResetAnswer { reset_fields: Vec::new() }))
}

/// SDK 4.49's `AgentSystemPrompt`.
#[derive(Serialize)]
struct SystemPrompt {
    prompt_profile: &'static str,
    profile_description: &'static str,
    system_prompt: String,
    characters: usize,
}

async fn system_prompt(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<Json<SystemPrompt>> {
    let teammate = load_owned(&state.store.lock(), account.id, id, &owner)?;
    let text = prompt::system_prompt(&teammate);
    Ok(Json(SystemPrompt {
        prompt_profile: prompt::PROFILE,
        profile_description: prompt::PROFILE_DESCRIPTION,
        characters: text.chars().count(),
        system_prompt: text,
    }))
}
