//! `/runs…` (wire.md §2.2, §3, §9.4, §9.7, §10) and `POST /tasks/{id}/runs` (§2.3): starting
//! runs (streamed or not, idempotently, with files), reading them, steering them through their
//! gates, cancelling, retrying, rejoining the stream, their files, outcome and transcript, the
//! marks a person puts on them (archive, view, share), and the account-wide probes.
//!
//! Where the contract is silent, this server decides:
//! - A stream ends with `data: [DONE]` (the `done` event) after `run_metrics` or `error`; a
//!   cancelled run's stream ends with a `cancelled` event instead.
//! - A stream stays open while the run waits at a gate (with keepalives) and goes on once
//!   the gate is answered from another request.
//! - `GET /runs/{id}/stream` replays the current turn (a reply starts a new turn), so the
//!   replayed text is the run's `output` once it ends (D15).
//! - A reply to a finished run (completed, failed or cancelled) re-opens the same run; to a
//!   run still executing it is queued as its next turn (wire.md §10.4).
//! - Created runs answer 200 (the SDK accepts any 2xx); an idempotent replay answers 200 with
//!   the run as it is now.

mod create;
mod files;
mod gates;
mod marks;
mod outcome;
mod overview;
mod read;
mod retry;
mod with_files;

use axum::routing::{get, patch, post};
use axum::Router;
use m8tes_protocol::types::PermissionMode;
use rusqlite::Connection;
use serde::de::DeserializeOwned;
use serde_json::Value;

use super::collection;
use crate::http::auth::Account;
use crate::http::error::{ApiError, ApiResult};
use crate::http::owner::{owned_by, HasOwner, OwnerFilter};
use crate::state::AppState;
use crate::store::runs::{self, RunRow};
use create::{create_run, reply, run_task};
use files::{download_file, list_files};
use gates::{answer, approve, permissions, set_permission_mode};
use marks::{archive, mark_viewed, share, shared, unarchive, unshare};
use outcome::{messages, outcome};
use overview::{activity, check, needs_you};
use read::{cancel, get_run, list_runs, stream};
use retry::retry_run;
use with_files::{create_with_files, reply_with_files};

/// The query types, for the OpenAPI document.
pub use outcome::MessagesQuery;
pub use read::RunListQuery;
pub use retry::RetryQuery;

pub fn routes() -> Router<AppState> {
    let router = collection(Router::new(), "/runs", get(list_runs).post(create_run));
    let router = collection(router, "/runs/{id}/reply", post(reply));
    let router = collection(router, "/runs/with-files", post(create_with_files));
    let router = collection(router, "/runs/{id}/reply/with-files", post(reply_with_files));
    let router = collection(router, "/tasks/{id}/runs", post(run_task));
    router
        .route("/runs/check", get(check))
        .route("/runs/needs-you", get(needs_you))
        .route("/runs/activity", get(activity))
        .route("/runs/{id}", get(get_run))
        .route("/runs/{id}/cancel", post(cancel))
        .route("/runs/{id}/stream", get(stream))
        .route("/runs/{id}/permission-mode", patch(set_permission_mode))
        .route("/runs/{id}/permissions", get(permissions))
        .route("/runs/{id}/approve", post(approve))
        .route("/runs/{id}/answer", post(answer))
        .route("/runs/{id}/files", get(list_files))
        .route("/runs/{id}/files/{name}/download", get(download_file))
        .route("/runs/{id}/retry", post(retry_run))
        .route("/runs/{id}/archive", post(archive))
        .route("/runs/{id}/unarchive", post(unarchive))
        .route("/runs/{id}/view", post(mark_viewed))
        .route("/runs/{id}/share", post(share).delete(unshare))
        .route("/runs/{id}/outcome", get(outcome))
        .route("/runs/{id}/messages", get(messages))
        .route("/shared-runs/{token}", get(shared))
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

impl HasOwner for RunRow {
    const KIND: &'static str = "run";
    fn owner(&self) -> Option<&str> {
        self.settings.user_id.as_deref()
    }
    fn key(&self) -> i64 {
        self.id
    }
}
