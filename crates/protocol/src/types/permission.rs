//! Tool pre-approval policies (wire.md §2.7). The request says `tool`, the answer `tool_name`.
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermissionPolicy {
    pub id: i64,
    /// `None` for an account-level policy (SDK 4.49), which applies to runs without a user.
    #[serde(default)]
    pub user_id: Option<String>,
    pub tool_name: String,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct PermissionPolicyCreate {
    /// Empty is the account scope (SDK 4.49 omits `user_id`); it is then not sent.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub user_id: String,
    pub tool: String,
}
