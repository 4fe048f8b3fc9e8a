//! The queries and flags of SDK 4.49's run calls (wire.md §10): the transcript's cursors,
//! `retry`'s confirmation, the optional end-user scope, and the whole `runs.list` query.
use serde::{Deserialize, Serialize};

use super::absent;

/// Query of `GET /runs/{id}/messages`: one cursor or `tail`, never both (422).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunMessagesParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub after_sequence: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub before_sequence: Option<i64>,
    /// The newest page (oldest of that page first).
    #[serde(default, skip_serializing_if = "absent::is_false")]
    pub tail: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
}

/// Query of `POST /runs/{id}/retry`: `confirm` re-runs a run that already acted (otherwise
/// 409 `retry_needs_confirmation`).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunRetryParams {
    #[serde(default, skip_serializing_if = "absent::is_false")]
    pub confirm: bool,
    #[serde(default, skip_serializing_if = "absent::is_false")]
    pub use_credits: bool,
}

/// An optional end-user scope in a query (`?user_id=`); absent means the account scope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct OptionalUserScope {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
}

/// The whole query of `GET /runs/` in SDK 4.49: [`super::RunListParams`] plus a task's history,
/// the archive and the order. Without `user_id` the list is the account scope.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunListQuery {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teammate_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// `created` (newest first, the default) or `priority` (waiting on a human first).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub sort: Option<String>,
    /// `exclude` (the default), `only` or `include`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<i64>,
}
