//! A task's inbound webhook as SDK 4.49 drives it (wire.md §11): `POST /tasks/{id}/webhook`
//! mints it (or answers the one it has), `PATCH` pauses or resumes it keeping its URL, and
//! `DELETE` destroys it. It is the same webhook as the task's virtual webhook trigger.

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use m8tes_protocol::types::TeammateWebhook;

use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::http::tasks::load_owned;
use crate::http::teammate_inbound::{no_webhook, WebhookSwitch};
use crate::http::triggers::task_webhook_url;
use crate::state::AppState;
use crate::store::tasks as task_store;
use crate::store::tokens::{ensure_inbound_token, set_webhook_paused};
use crate::store::triggers;

pub fn routes(router: Router<AppState>) -> Router<AppState> {
    router.route("/tasks/{id}/webhook", post(enable).patch(set_enabled).delete(disable))
}

fn answer(state: &AppState, id: i64, token: &str, enabled: bool) -> TeammateWebhook {
    let url = Some(task_webhook_url(&state.public_origin, id, token));
    TeammateWebhook { enabled, url, extra: Default::default() }
}

/// Idempotent: an existing webhook keeps its URL (and is resumed if paused).
async fn enable(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<(StatusCode, Json<TeammateWebhook>)> {
    let conn = state.store.lock();
    let task = load_owned(&conn, account.id, id, &owner)?;
    if task_store::is_archived(&task) {
        return Err(
            ApiError::conflict(format!("task {id} is archived")).with_error_code("task_archived")
        );
    }
    let token = ensure_inbound_token(&conn, "tasks", id, "webhook_token")?;
    set_webhook_paused(&conn, "tasks", id, false)?;
    Ok((StatusCode::CREATED, Json(answer(&state, id, &token, true))))
}

/// Pauses or resumes, keeping the URL; 400 `webhook_not_enabled` when there is none.
async fn set_enabled(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<WebhookSwitch>,
) -> ApiResult<Json<TeammateWebhook>> {
    let conn = state.store.lock();
    load_owned(&conn, account.id, id, &owner)?;
    let (Some(token), _) = triggers::inbound_tokens(&conn, id)? else {
        return Err(no_webhook(&format!("task {id}")));
    };
    set_webhook_paused(&conn, "tasks", id, !body.enabled)?;
    Ok(Json(answer(&state, id, &token, body.enabled)))
}

/// Destroys the webhook: POSTs to its URL stop starting runs. Idempotent.
async fn disable(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<StatusCode> {
    let conn = state.store.lock();
    load_owned(&conn, account.id, id, &owner)?;
    task_store::clear_webhook(&conn, id)?;
    Ok(StatusCode::NO_CONTENT)
}
