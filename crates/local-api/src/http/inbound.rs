//! What arrives from outside and starts runs: a POST to a teammate's or a task's inbound
//! webhook URL, and mail to a teammate inbox or a task's email trigger address
//! (`POST /inbound/email`, JSON `{to, from, subject, text}`, standing in for a mail server).
//!
//! These carry no API key: the unguessable token in the URL or address is the credential, so
//! it is compared in constant time and a wrong one looks exactly like a missing one.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use m8tes_protocol::webhook_signature::{
    constant_time_eq, ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER,
};
use serde::Deserialize;

use crate::agent::launch::{self, TaskRunOptions};
use crate::http::error::{ApiError, ApiResult};
use crate::http::extract::{ApiBytes, ApiJson, ApiPath};
use crate::secret::INBOX_DOMAIN;
use crate::state::AppState;
use crate::store::deliveries;
use crate::store::runs::RunRow;
use crate::store::tasks::{self, TaskInfo};
use crate::store::teammates::{self, TeammateInfo};

/// How much of an inbound body the run's message quotes.
const QUOTED_LIMIT: usize = 4000;

pub fn routes() -> Router<AppState> {
    Router::new()
        .route("/inbound/webhooks/teammates/{id}/{token}", post(teammate_webhook))
        .route("/inbound/webhooks/tasks/{id}/{token}", post(task_webhook))
        .route("/inbound/email", post(email))
}

/// Refuses a request that is one of this server's own webhook deliveries (its three
/// signature headers, with a `webhook-id` it issued): a webhook endpoint pointed back at an
/// inbound route would otherwise start runs without end.
fn refuse_own_delivery(state: &AppState, headers: &HeaderMap) -> ApiResult<()> {
    let header = |name: &str| headers.get(name).and_then(|value| value.to_str().ok());
    let (Some(id), Some(_), Some(_)) =
        (header(ID_HEADER), header(SIGNATURE_HEADER), header(TIMESTAMP_HEADER))
    else {
        return Ok(());
    };
    if deliveries::is_own_event(&state.store.lock(), id)? {
        return Err(ApiError::validation(
            "this request is one of this server's own webhook deliveries; a webhook endpoint \
             pointed at an inbound trigger would start runs without end",
        )
        .with_error_code("webhook_loop"));
    }
    Ok(())
}

fn no_hook() -> ApiError {
    ApiError::not_found("inbound webhook")
}

/// A paused webhook (SDK 4.49 `set_webhook_enabled(enabled=False)`) keeps its URL and refuses
/// to start runs until resumed. Said only to a caller who holds the right token.
fn paused(what: &str) -> ApiError {
    ApiError::conflict(format!(
        "the webhook of this {what} is paused; resume it with set_webhook_enabled(enabled=True)"
    ))
    .with_error_code("webhook_paused")
}

fn token_matches(stored: Option<&str>, given: &str) -> bool {
    stored.is_some_and(|stored| constant_time_eq(stored.as_bytes(), given.as_bytes()))
}

fn quoted(body: &[u8]) -> String {
    let text = String::from_utf8_lossy(body);
    // A raw body may carry NUL bytes; no stored text does (`extract.rs`).
    let text: String =
        text.chars().take(QUOTED_LIMIT).map(|c| if c == '\0' { '\u{FFFD}' } else { c }).collect();
    if text.trim().is_empty() {
        "(empty body)".into()
    } else {
        text
    }
}

/// 202: the run is under way; its id is how to follow it.
fn accepted(run: &RunRow) -> Response {
    (StatusCode::ACCEPTED, Json(run.to_wire())).into_response()
}

fn start_task_run(
    state: &AppState,
    task: &TaskInfo,
    context: String,
    trigger: &str,
) -> ApiResult<Response> {
    state.agents.admit(task.account_id)?;
    let (run, message) = {
        let conn = state.store.lock();
        let teammate = teammates::info(&conn, task.account_id, task.teammate_id)?;
        let options = TaskRunOptions::triggered(Some(context), trigger);
        launch::insert_task_run(&conn, task, teammate.as_ref(), &options)?
    };
    let response = accepted(&run);
    launch::start(&state.agents, run, message)?;
    Ok(response)
}

fn start_teammate_run(
    state: &AppState,
    teammate: &TeammateInfo,
    message: String,
    trigger: &str,
) -> ApiResult<Response> {
    state.agents.admit(teammate.account_id)?;
    let run = launch::insert_teammate_run(&state.store.lock(), teammate, &message, trigger)?;
    let response = accepted(&run);
    launch::start(&state.agents, run, message)?;
    Ok(response)
}

async fn teammate_webhook(
    State(state): State<AppState>,
    ApiPath((id, token)): ApiPath<(i64, String)>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> ApiResult<Response> {
    refuse_own_delivery(&state, &headers)?;
    let found = teammates::info_for_webhook(&state.store.lock(), id)?;
    let teammate = match found {
        Some((teammate, stored))
            if token_matches(stored.as_deref(), &token) && !teammate.is_archived() =>
        {
            teammate
        }
        _ => return Err(no_hook()),
    };
    if teammate.webhook_paused {
        return Err(paused("teammate"));
    }
    let message = format!("A webhook arrived with this body:\n{}", quoted(&body));
    start_teammate_run(&state, &teammate, message, "webhook")
}

async fn task_webhook(
    State(state): State<AppState>,
    ApiPath((id, token)): ApiPath<(i64, String)>,
    headers: HeaderMap,
    ApiBytes(body): ApiBytes,
) -> ApiResult<Response> {
    refuse_own_delivery(&state, &headers)?;
    let found = tasks::info_for_webhook(&state.store.lock(), id)?;
    let task = match found {
        Some((task, stored)) if token_matches(stored.as_deref(), &token) && !task.is_archived() => {
            task
        }
        _ => return Err(no_hook()),
    };
    if task.webhook_paused {
        return Err(paused("task"));
    }
    start_task_run(&state, &task, format!("Webhook payload:\n{}", quoted(&body)), "webhook")
}

#[derive(Debug, Deserialize)]
struct InboundEmail {
    to: String,
    from: String,
    #[serde(default)]
    subject: String,
    #[serde(default)]
    text: String,
}

/// `Dana <dana@acme.io>` → `dana@acme.io`, lower case.
fn bare_address(address: &str) -> String {
    let address = address.trim();
    let inner = match (address.rfind('<'), address.rfind('>')) {
        (Some(open), Some(close)) if open < close => &address[open + 1..close],
        _ => address,
    };
    inner.trim().to_lowercase()
}

/// Whether `from` may write to an inbox restricted to `allowed` (addresses, or domains given
/// as `acme.com`, `@acme.com` or `*@acme.com`). No list, or an empty one, lets anyone in.
fn sender_allowed(allowed: Option<&[String]>, from: &str) -> bool {
    let Some(allowed) = allowed.filter(|list| !list.is_empty()) else { return true };
    let domain = from.rsplit_once('@').map(|(_, domain)| domain).unwrap_or("");
    allowed.iter().any(|entry| {
        let entry = entry.trim().to_lowercase();
        if entry.contains('@') && !entry.starts_with('@') && !entry.starts_with("*@") {
            bare_address(&entry) == from
        } else {
            entry.trim_start_matches('*').trim_start_matches('@') == domain
        }
    })
}

async fn email(
    State(state): State<AppState>,
    ApiJson(mail): ApiJson<InboundEmail>,
) -> ApiResult<Response> {
    let to = bare_address(&mail.to);
    let from = bare_address(&mail.from);
    if !from.contains('@') {
        return Err(ApiError::validation("from must be an email address"));
    }
    let nobody = || ApiError::not_found(format!("inbox {to:?}"));
    let token = match to.rsplit_once('@') {
        Some((token, domain)) if domain == INBOX_DOMAIN && !token.is_empty() => token.to_owned(),
        _ => return Err(nobody()),
    };
    let (teammate, task) = {
        let conn = state.store.lock();
        let teammate = teammates::info_by_email_token(&conn, &token)?;
        let task = match teammate {
            Some(_) => None,
            None => tasks::info_by_email_token(&conn, &token)?,
        };
        // A task's mail is screened by its teammate's allowed senders.
        let screen = match (&teammate, &task) {
            (Some(teammate), _) => Some(teammate.clone()),
            (None, Some(task)) => teammates::info(&conn, task.account_id, task.teammate_id)?,
            (None, None) => None,
        };
        (
            teammate.filter(|t| !t.is_archived()),
            task.filter(|t| !t.is_archived() && !t.is_disabled()).map(|t| (t, screen)),
        )
    };
    let senders_of = |mate: Option<&TeammateInfo>| mate.and_then(|m| m.allowed_senders.clone());
    let refuse = || {
        ApiError::forbidden(format!("{from} is not an allowed sender for this inbox"))
            .with_error_code("sender_not_allowed")
    };
    let letter =
        format!("Email from {from}\nSubject: {}\n\n{}", mail.subject.trim(), mail.text.trim());
    match (teammate, task) {
        (Some(teammate), _) => {
            if !sender_allowed(senders_of(Some(&teammate)).as_deref(), &from) {
                return Err(refuse());
            }
            start_teammate_run(&state, &teammate, letter, "email")
        }
        (None, Some((task, screen))) => {
            if !sender_allowed(senders_of(screen.as_ref()).as_deref(), &from) {
                return Err(refuse());
            }
            start_task_run(&state, &task, letter, "email")
        }
        (None, None) => Err(nobody()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_and_senders() {
        assert_eq!(bare_address(" Dana Ruiz <Dana@Acme.io> "), "dana@acme.io");
        let list = vec!["boss@acme.io".to_owned(), "@partner.com".to_owned()];
        assert!(sender_allowed(Some(&list), "boss@acme.io"));
        assert!(sender_allowed(Some(&list), "anyone@partner.com"));
        assert!(!sender_allowed(Some(&list), "mallory@acme.io"));
        assert!(!sender_allowed(Some(&list), "x@evilpartner.com"));
        assert!(sender_allowed(None, "x@y.z"));
        assert!(sender_allowed(Some(&[]), "x@y.z"));
    }
}
