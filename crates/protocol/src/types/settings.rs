//! Account settings (wire.md §2.10).
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject};

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct Settings {
    pub company_research: bool,
    /// SDK 4.49: a cap on each end user's runs, metered cost and run starts per minute
    /// (`None`: no cap).
    #[serde(default)]
    pub per_end_user_run_limit: Option<i64>,
    #[serde(default)]
    pub per_end_user_cost_limit_cents: Option<i64>,
    #[serde(default)]
    pub per_end_user_rate_per_minute: Option<i64>,
    /// `standard` or `metadata_only`.
    #[serde(default = "standard_retention")]
    pub retention_mode: String,
    #[serde(default = "absent::no")]
    pub require_end_user_id: Option<bool>,
    #[serde(default = "absent::yes")]
    pub approval_email_enabled: Option<bool>,
    #[serde(default = "absent::yes")]
    pub approval_slack_enabled: Option<bool>,
    #[serde(default = "absent::yes")]
    pub result_email_enabled: Option<bool>,
    #[serde(default = "absent::yes")]
    pub result_slack_enabled: Option<bool>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

fn standard_retention() -> String {
    "standard".into()
}

/// `PATCH /settings/` body: only what is set is sent. A cap is tri-state: absent leaves it, `Some(None)` sends
/// `null` and clears it, `Some(Some(n))` sets it.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[cfg_attr(feature = "schema", derive(schemars::JsonSchema))]
pub struct SettingsUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub company_research: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_end_user_run_limit: Option<Option<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_end_user_cost_limit_cents: Option<Option<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub per_end_user_rate_per_minute: Option<Option<u64>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retention_mode: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub require_end_user_id: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_email_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub approval_slack_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_email_enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub result_slack_enabled: Option<bool>,
}
