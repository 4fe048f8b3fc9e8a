//! What SDK 4.49 reads about runs beyond the run itself (wire.md §10): its outcome, its
//! transcript, its share link, and the account-wide probes (`check`, `needs-you`, `activity`).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::JsonObject;

/// `GET /runs/{id}/outcome`: the result, not the transcript.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunOutcome {
    pub run_id: i64,
    pub status: String,
    #[serde(default)]
    pub summary: Option<String>,
    #[serde(default)]
    pub headline: Option<String>,
    #[serde(default)]
    pub needs_reply: bool,
    #[serde(default)]
    pub needs_reply_count: Option<u32>,
    pub delivery_channel: String,
    #[serde(default)]
    pub output_data: Option<Value>,
    #[serde(default)]
    pub message_count: u64,
    #[serde(default)]
    pub input_tokens: u64,
    #[serde(default)]
    pub output_tokens: u64,
    #[serde(default)]
    pub total_tokens: u64,
    #[serde(default)]
    pub cost_usd: Option<String>,
}

/// One message of `GET /runs/{id}/messages`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunMessage {
    pub id: i64,
    pub run_id: i64,
    pub sequence: i64,
    pub role: String,
    #[serde(default)]
    pub content: String,
    #[serde(default)]
    pub content_blocks: Option<Vec<Value>>,
    #[serde(default)]
    pub event_metadata: JsonObject,
    #[serde(default)]
    pub created_at: String,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `POST /runs/{id}/share`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunShare {
    pub share_token: String,
    pub share_url: String,
}

/// `GET /runs/check`: counts for cheap change detection.
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
}

/// `GET /runs/needs-you`: how many runs wait on a human, and the first few.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedsYou {
    pub count: u64,
    #[serde(default)]
    pub items: Vec<NeedsYouItem>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct NeedsYouItem {
    pub run_id: i64,
    pub title: String,
    pub mate_name: String,
}

/// `GET /runs/activity`: per agent, its live and waiting runs and its latest settled one.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunActivitySnapshot {
    pub data: Vec<AgentRunActivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentRunActivity {
    pub agent_id: i64,
    pub runs: Vec<RunActivity>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunActivity {
    pub id: i64,
    pub status: String,
    pub created_at: String,
    #[serde(default)]
    pub task_id: Option<i64>,
    #[serde(default)]
    pub last_activity_at: Option<String>,
    #[serde(default)]
    pub error_code: Option<String>,
    #[serde(default)]
    pub next_retry_at: Option<String>,
    #[serde(default)]
    pub auto_retry_count: u32,
    #[serde(default)]
    pub auto_recovery_attempt_count: Option<u32>,
    #[serde(default)]
    pub cancelled_at: Option<String>,
    #[serde(default)]
    pub needs_reply: bool,
}
