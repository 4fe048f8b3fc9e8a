//! End-user profiles (wire.md §2.8), addressed by the developer's own string `user_id`.
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndUser {
    pub id: i64,
    pub user_id: String,
    #[serde(default)]
    pub name: Option<String>,
    #[serde(default)]
    pub email: Option<String>,
    #[serde(default)]
    pub company: Option<String>,
    #[serde(default)]
    pub metadata: Option<JsonObject>,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EndUserCreate {
    pub user_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
}

/// PATCH body; `metadata` replaces the whole object.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct EndUserUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub email: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub metadata: Option<JsonObject>,
}

/// Query of plain paginated lists (`/users/`, `/webhooks/`, deliveries).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<i64>,
}

/// One end user's usage in the current period (SDK 4.49 `GET /usage/end-users`). The limits
/// are the account's per-end-user caps (`None`: no cap).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct EndUserUsage {
    pub id: i64,
    pub user_id: String,
    pub runs_used: u64,
    /// Dollars as a decimal string, like `Usage::cost_used`.
    pub cost_used: String,
    pub input_tokens: u64,
    pub output_tokens: u64,
    pub total_tokens: u64,
    #[serde(default)]
    pub last_active_at: Option<String>,
    #[serde(default)]
    pub runs_limit: Option<i64>,
    #[serde(default)]
    pub cost_limit_cents: Option<i64>,
    #[serde(default)]
    pub period_end: String,
    #[serde(default)]
    pub rate_per_minute: Option<i64>,
}

/// Query of `GET /usage/end-users`: one end user, or a page of all.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct EndUserUsageParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<i64>,
}
