//! The SDK 4.49 views of runs (wire.md §10): a run's outcome and transcript, the account's
//! "has anything changed" probe, the runs waiting on a human, per-teammate activity, share
//! links, and the queries and flags of the calls that read or act on them.
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject};

/// `GET /runs/{id}/outcome`: the result, not the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunOutcome {
    pub run_id: i64,
    #[serde(default = "absent::status_running")]
    pub status: Option<String>,
    /// The closing message; `None` when the run ended on a tool call.
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub headline: Option<String>,
    #[serde(default)]
    pub needs_reply: bool,
    #[serde(default)]
    pub needs_reply_count: Option<u64>,
    #[serde(default)]
    pub delivery_channel: Option<String>,
    /// The structured result a run created with `output_schema` produced, when it did.
    #[serde(default)]
    pub output_data: Option<JsonObject>,
    #[serde(default)]
    pub message_count: u64,
    #[serde(default)]
    pub input_tokens: u64,
    #[serde(default)]
    pub output_tokens: u64,
    #[serde(default)]
    pub total_tokens: u64,
    /// Decimal string; `None` until cost is recorded.
    #[serde(default)]
    pub cost_usd: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// One message of `GET /runs/{id}/messages`, ordered by `sequence`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunMessage {
    pub id: i64,
    pub run_id: i64,
    pub sequence: i64,
    pub role: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub content_blocks: Option<Vec<serde_json::Value>>,
    #[serde(default)]
    pub event_metadata: Option<JsonObject>,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub input_tokens: Option<u64>,
    #[serde(default)]
    pub output_tokens: Option<u64>,
    #[serde(default)]
    pub execution_time_ms: Option<u64>,
    #[serde(default)]
    pub error_message: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

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

/// `POST /runs/{id}/share`: the public read-only link (idempotent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunShare {
    pub share_token: String,
    pub share_url: String,
}

/// `GET /runs/check`: counts and timestamps to compare between polls, never rows.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunCheck {
    pub total_count: u64,
    #[serde(default)]
    pub latest_run_id: Option<i64>,
    #[serde(default)]
    pub awaiting_count: u64,
    #[serde(default)]
    pub latest_change_at: Option<String>,
    #[serde(default)]
    pub roster_count: u64,
    #[serde(default)]
    pub roster_change_at: Option<String>,
    #[serde(default)]
    pub teams_count: u64,
    #[serde(default)]
    pub teams_change_at: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `GET /runs/needs-you`: how many runs wait on a human, and the first few. `items` is
/// capped: decide on `count`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedsYou {
    pub count: u64,
    #[serde(default)]
    pub items: Vec<NeedsYouItem>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// A run waiting on a human; the title is public-safe (never the typed prompt).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedsYouItem {
    pub run_id: i64,
    pub title: String,
    pub mate_name: String,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `GET /runs/activity`: per visible teammate, its live and waiting runs and its latest settled
/// one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunActivitySnapshot {
    pub data: Vec<AgentRunActivity>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentRunActivity {
    pub agent_id: i64,
    pub runs: Vec<RunActivity>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunActivity {
    pub id: i64,
    pub status: String,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub task_id: Option<i64>,
    #[serde(default)]
    pub last_activity_at: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub next_retry_at: Option<String>,
    #[serde(default)]
    pub cancelled_at: Option<String>,
    #[serde(default)]
    pub needs_reply: bool,
    #[serde(flatten)]
    pub extra: JsonObject,
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
