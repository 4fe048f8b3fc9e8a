//! A teammate's inbound webhook URL and email inbox (wire.md §2.1, §11): minted by POST,
//! destroyed by DELETE, and (SDK 4.49) the webhook paused and resumed by PATCH without
//! losing its URL. A paused webhook refuses POSTs with `webhook_paused` (`http/inbound.rs`).

use axum::extract::State;
use axum::http::StatusCode;
use axum::routing::post;
use axum::{Json, Router};
use m8tes_protocol::types::{EmailInbox, TeammateWebhook};
use serde::Deserialize;

use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiJson, ApiPath, ApiQuery};
use crate::http::owner::OwnerFilter;
use crate::http::teammates::load_owned;
use crate::secret::inbox_address;
use crate::state::AppState;
use crate::store::teammates::{self, Inbound};
use crate::store::tokens::{ensure_inbound_token, set_webhook_paused};

pub fn routes(router: axum::Router<AppState>, base: &str) -> Router<AppState> {
    router
        .route(
            &format!("{base}/{{id}}/webhook"),
            post(enable_webhook).patch(set_webhook_enabled).delete(disable_webhook),
        )
        .route(&format!("{base}/{{id}}/email-inbox"), post(enable_inbox).delete(disable_inbox))
}

/// The body of `PATCH …/webhook` (SDK 4.49 `set_webhook_enabled`).
#[derive(Deserialize, schemars::JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct WebhookSwitch {
    pub enabled: bool,
}

fn webhook_url(state: &AppState, id: i64, token: &str) -> String {
    format!("{}/api/v2/inbound/webhooks/teammates/{id}/{token}", state.public_origin)
}

/// Idempotent: an enabled webhook keeps its URL; after a disable, a new one is minted. A
/// paused one is resumed.
async fn enable_webhook(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<(StatusCode, Json<TeammateWebhook>)> {
    let token = ensure_token(&state, account.id, id, &owner, Inbound::Webhook)?;
    set_webhook_paused(&state.store.lock(), "teammates", id, false)?;
    let url = webhook_url(&state, id, &token);
    Ok((
        StatusCode::CREATED,
        Json(TeammateWebhook { enabled: true, url: Some(url), extra: Default::default() }),
    ))
}

/// Pauses or resumes the webhook, keeping its URL. Only an existing webhook can be switched
/// (400 `webhook_not_enabled` otherwise: POST mints one).
async fn set_webhook_enabled(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
    ApiJson(body): ApiJson<WebhookSwitch>,
) -> ApiResult<Json<TeammateWebhook>> {
    let conn = state.store.lock();
    load_owned(&conn, account.id, id, &owner)?;
    let Some((_, Some(token))) = teammates::info_for_webhook(&conn, id)? else {
        return Err(no_webhook(&format!("teammate {id}")));
    };
    set_webhook_paused(&conn, "teammates", id, !body.enabled)?;
    let url = Some(webhook_url(&state, id, &token));
    Ok(Json(TeammateWebhook { enabled: body.enabled, url, extra: Default::default() }))
}

/// Why a webhook that was never minted (or was destroyed) cannot be paused or resumed.
pub fn no_webhook(what: &str) -> ApiError {
    ApiError::bad_request(format!(
        "{what} has no webhook to pause or resume; enable one first (POST …/webhook)"
    ))
    .with_error_code("webhook_not_enabled")
}

async fn disable_webhook(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<StatusCode> {
    clear_token(&state, account.id, id, &owner, Inbound::Webhook)
}

/// Idempotent: an enabled inbox keeps its address.
async fn enable_inbox(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<(StatusCode, Json<EmailInbox>)> {
    let token = ensure_token(&state, account.id, id, &owner, Inbound::Email)?;
    Ok((
        StatusCode::CREATED,
        Json(EmailInbox {
            enabled: true,
            address: Some(inbox_address(&token)),
            extra: Default::default(),
        }),
    ))
}

async fn disable_inbox(
    State(state): State<AppState>,
    account: Account,
    ApiPath(id): ApiPath<i64>,
    ApiQuery(owner): ApiQuery<OwnerFilter>,
) -> ApiResult<StatusCode> {
    clear_token(&state, account.id, id, &owner, Inbound::Email)
}

/// The teammate's token in `column` (`webhook_token` or `email_token`), minted if unset.
fn ensure_token(
    state: &AppState,
    account_id: i64,
    id: i64,
    owner: &OwnerFilter,
    which: Inbound,
) -> ApiResult<String> {
    let conn = state.store.lock();
    let teammate = load_owned(&conn, account_id, id, owner)?;
    if teammates::is_archived(&teammate) {
        return Err(ApiError::conflict(format!("teammate {id} is archived"))
            .with_error_code("teammate_archived"));
    }
    Ok(ensure_inbound_token(&conn, "teammates", id, which.column())?)
}

fn clear_token(
    state: &AppState,
    account_id: i64,
    id: i64,
    owner: &OwnerFilter,
    which: Inbound,
) -> ApiResult<StatusCode> {
    let conn = state.store.lock();
    load_owned(&conn, account_id, id, owner)?;
    teammates::clear_token(&conn, id, which)?;
    Ok(StatusCode::NO_CONTENT)
}
