//! Memories (wire.md §2.6): what a teammate remembers about one end user.
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Memory {
    pub id: i64,
    #[serde(default)]
    pub user_id: Option<String>,
    pub content: String,
    #[serde(default = "absent::source_api")]
    pub source: Option<String>,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    /// SDK 4.49: `personal` (about the person) or `company` (their business); `None` is
    /// unclassified.
    #[serde(default)]
    pub audience: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct MemoryCreate {
    /// Empty is the account scope (SDK 4.49 omits `user_id`); it is then not sent.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user_id: String,
    pub content: String,
}

/// Query of `GET /memories/` and `GET /permissions/`: `user_id` is required.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserScopedListParams {
    /// Empty is the account scope (SDK 4.49 omits `user_id`); it is then not sent.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user_id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<i64>,
}

/// Query of `DELETE /memories/{id}` and `DELETE /permissions/{id}`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct UserScope {
    /// Empty is the account scope (SDK 4.49 omits `user_id`); it is then not sent.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user_id: String,
}

/// `PATCH /memories/{id}`: the content, the audience, or both (at least one).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct MemoryUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub content: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub audience: Option<String>,
}
