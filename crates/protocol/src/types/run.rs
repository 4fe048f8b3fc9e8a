//! Runs (wire.md §2.2, §3, §9.5): the object, the bodies that start and steer one, and the
//! human-in-the-loop gates.
use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::{absent, JsonObject};

/// Statuses after which a run never changes again (D8).
pub const TERMINAL_STATUSES: [&str; 4] = ["completed", "failed", "cancelled", "closed"];

/// Whether `poll` may stop at this status (D8).
pub fn is_terminal_status(status: &str) -> bool {
    TERMINAL_STATUSES.contains(&status)
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Run {
    pub id: i64,
    #[serde(default)]
    pub teammate_id: Option<i64>,
    #[serde(default = "absent::status_running")]
    pub status: Option<String>,
    #[serde(default)]
    pub output: Option<String>,
    #[serde(default)]
    pub error: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub metadata: Option<JsonObject>,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default)]
    pub permission_mode: Option<String>,
    /// Later SDKs' fields (wire.md §9.9); absent from a 1.1.0 server.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error_code: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub usage: Option<RunUsage>,
    /// SDK 4.49's fields (wire.md §10); absent from older servers.
    #[serde(flatten)]
    pub later: RunLater,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The run fields SDK 4.49 added (wire.md §10): structured output, archive and share state,
/// retries, and replies queued behind the executing turn. Each is absent when `None`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RunLater {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_data: Option<Value>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub archived: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub share_token: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub last_viewed_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub turn_started_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retryable: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_blocked_reason: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repeats_actions: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_of_run_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_count: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retried_by_run_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retried_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub needs_reply: Option<bool>,
    /// `queued` while a reply waits behind the executing turn.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub delivery: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub queued_message_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending_queued_message_ids: Option<Vec<i64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cancelled_queued_message_ids: Option<Vec<i64>>,
}

impl Run {
    pub fn is_terminal(&self) -> bool {
        self.status.as_deref().is_some_and(is_terminal_status)
    }
}

/// Token and cost figures of a run (wire.md §9.9). Money is a decimal string (D12).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct RunUsage {
    #[serde(default)]
    pub input_tokens: Option<u64>,
    #[serde(default)]
    pub output_tokens: Option<u64>,
    #[serde(default)]
    pub total_tokens: Option<u64>,
    #[serde(default)]
    pub cost_usd: Option<String>,
    #[serde(default)]
    pub duration_ms: Option<u64>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// How a run treats tool use: on its own, asking first, or planning first (wire.md §3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PermissionMode {
    #[default]
    Autonomous,
    Approval,
    Plan,
}

impl PermissionMode {
    pub fn is_autonomous(&self) -> bool {
        *self == PermissionMode::Autonomous
    }
    pub fn as_str(&self) -> &'static str {
        match self {
            PermissionMode::Autonomous => "autonomous",
            PermissionMode::Approval => "approval",
            PermissionMode::Plan => "plan",
        }
    }
}

fn is_autonomous(mode: &PermissionMode) -> bool {
    mode.is_autonomous()
}

/// `POST /runs/` body, fields in the SDK's order (wire.md §2.2). `memory`, `history` and
/// `stream` are always sent; `human_in_the_loop` only when true; `permission_mode` only when
/// not autonomous.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunCreate {
    pub message: String,
    #[serde(default = "absent::flag_on")]
    pub stream: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teammate_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
    #[serde(default = "absent::flag_on")]
    pub memory: bool,
    #[serde(default = "absent::flag_on")]
    pub history: bool,
    #[serde(default, skip_serializing_if = "absent::is_false")]
    pub human_in_the_loop: bool,
    #[serde(default, skip_serializing_if = "is_autonomous")]
    pub permission_mode: PermissionMode,
    /// SDK 4.49: a JSON Schema (`"type": "object"`, definitions inlined); the run's result then
    /// comes back typed as `output_data`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub output_schema: Option<JsonObject>,
}

impl RunCreate {
    pub fn new(message: impl Into<String>) -> Self {
        RunCreate {
            message: message.into(),
            stream: true,
            teammate_id: None,
            tools: None,
            name: None,
            instructions: None,
            user_id: None,
            metadata: None,
            memory: true,
            history: true,
            human_in_the_loop: false,
            permission_mode: PermissionMode::Autonomous,
            output_schema: None,
        }
    }
}

/// `POST /runs/{id}/reply` body.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunReply {
    pub message: String,
    #[serde(default = "absent::flag_on")]
    pub stream: bool,
}

/// Query of `GET /runs/`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RunListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub teammate_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<i64>,
}

/// `PATCH /runs/{id}/permission-mode` body, and its answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermissionModeUpdate {
    pub permission_mode: PermissionMode,
}

/// The answer of `PATCH /runs/{id}/permission-mode`; kept a string so a newer mode parses.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermissionModeState {
    pub permission_mode: String,
}

/// A gate a paused run waits on: a tool to allow or deny, or questions to answer (D14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermissionRequest {
    pub request_id: String,
    pub tool_name: String,
    #[serde(default)]
    pub tool_input: Option<Value>,
    pub status: String,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub resolved_at: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `tool_name` of a question gate (D14).
pub const QUESTION_TOOL: &str = "AskUserQuestion";
/// `header` of plan mode's question (D14).
pub const PLAN_APPROVAL_HEADER: &str = "Plan Approval";

impl PermissionRequest {
    pub fn is_question(&self) -> bool {
        self.tool_name == QUESTION_TOOL
    }
    pub fn is_pending(&self) -> bool {
        self.status == "pending"
    }
    /// The questions of a question gate (D14); empty for a tool gate.
    pub fn questions(&self) -> Vec<Question> {
        self.tool_input
            .as_ref()
            .and_then(|input| input.get("questions"))
            .and_then(|qs| serde_json::from_value(qs.clone()).ok())
            .unwrap_or_default()
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Question {
    pub question: String,
    #[serde(default)]
    pub header: String,
    #[serde(default)]
    pub options: Vec<QuestionOption>,
    #[serde(default, rename = "multiSelect")]
    pub multi_select: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct QuestionOption {
    pub label: String,
    #[serde(default)]
    pub description: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Decision {
    #[default]
    Allow,
    Deny,
}

/// `POST /runs/{id}/approve` body: all three of `request_id`, `decision`, `remember` are
/// always sent (wire.md §2.2).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Approval {
    pub request_id: String,
    #[serde(default)]
    pub decision: Decision,
    #[serde(default)]
    pub remember: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub reason: Option<String>,
}

/// `POST /runs/{id}/answer` body: question text → chosen option label (D14).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Answers {
    pub answers: JsonObject,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub request_id: Option<String>,
}

/// The answer of `POST /runs/{id}/answer`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AnswerResult {
    pub status: String,
    #[serde(default)]
    pub resumed: bool,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// One file a run wrote (`GET /runs/{id}/files`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunFile {
    pub name: String,
    pub size: u64,
    #[serde(flatten)]
    pub extra: JsonObject,
}
