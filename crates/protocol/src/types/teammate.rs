//! Teammates (wire.md §2.1); `/agents` is the same resource under another name (D3).
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Teammate {
    pub id: i64,
    pub name: String,
    #[serde(default)]
    pub instructions: Option<String>,
    #[serde(default = "absent::empty_list")]
    pub tools: Option<Vec<String>>,
    #[serde(default)]
    pub role: Option<String>,
    #[serde(default)]
    pub goals: Option<String>,
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(default)]
    pub metadata: Option<JsonObject>,
    #[serde(default)]
    pub allowed_senders: Option<Vec<String>>,
    #[serde(default = "absent::status_enabled")]
    pub status: Option<String>,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(default = "absent::no")]
    pub inbound_email_enabled: Option<bool>,
    #[serde(default)]
    pub email_address: Option<String>,
    /// SDK 4.49: whether the inbound webhook URL starts runs now (it exists and is not paused).
    #[serde(default = "absent::no")]
    pub webhook_enabled: Option<bool>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TeammateCreate {
    pub name: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_senders: Option<Vec<String>>,
}

/// PATCH body: only the fields that are `Some` are sent.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TeammateUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub instructions: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tools: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub goals: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub allowed_senders: Option<Vec<String>>,
}

/// Query of `GET /teammates/`. Unknown query keys are refused (wire.md §8.13).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TeammateListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<i64>,
    /// SDK 4.49: archived teammates are listed too when true.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_archived: Option<bool>,
    /// SDK 4.49's `fields=summary` (a slimmer projection there; the full shape here).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<String>,
}

/// `POST /teammates/{id}/webhook`: the inbound URL that starts a run when POSTed to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TeammateWebhook {
    pub enabled: bool,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `POST /teammates/{id}/email-inbox`: the address that starts a run when mailed.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EmailInbox {
    pub enabled: bool,
    #[serde(default)]
    pub address: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `PATCH …/webhook` (teammates and tasks): pauses or resumes the webhook without rotating its
/// token, so the URL survives.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEnabled {
    pub enabled: bool,
}

/// `GET /teammates/{id}/system-prompt`: the standing prompt the next run receives, verbatim.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct AgentSystemPrompt {
    #[serde(default)]
    pub prompt_profile: Option<String>,
    #[serde(default)]
    pub profile_description: String,
    #[serde(default)]
    pub system_prompt: String,
    #[serde(default)]
    pub characters: u64,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `POST /teammates/{id}/reset`: clears the named template overrides, or all of them.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TeammateReset {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub fields: Option<Vec<String>>,
}

/// The fields a reset actually cleared.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TeammateResetResult {
    #[serde(default)]
    pub reset_fields: Vec<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}
