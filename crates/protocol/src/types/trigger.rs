//! Task triggers (wire.md §2.4): a schedule, an inbound webhook URL or an email address.
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum TriggerType {
    Schedule,
    Webhook,
    Email,
}

/// A trigger; webhook and email triggers are virtual, with `id: 0` (wire.md §2.4).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Trigger {
    pub id: i64,
    #[serde(rename = "type")]
    pub kind: String,
    #[serde(default = "absent::yes")]
    pub enabled: Option<bool>,
    #[serde(default)]
    pub cron: Option<String>,
    #[serde(default)]
    pub interval_seconds: Option<u64>,
    #[serde(default = "absent::utc")]
    pub timezone: Option<String>,
    #[serde(default)]
    pub next_run: Option<String>,
    #[serde(default)]
    pub url: Option<String>,
    #[serde(default)]
    pub address: Option<String>,
    /// SDK 4.49: the fire time (ISO 8601) of a one-time schedule; `None` for recurring ones.
    #[serde(default)]
    pub run_at: Option<String>,
    /// SDK 4.49: set in the account-wide list (`GET /triggers`), which names each trigger's task.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_name: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// `POST /tasks/{id}/triggers/` body: `timezone` always sent, `cron` and `interval_seconds`
/// only when set (so 0 is never sent).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct TriggerCreate {
    #[serde(rename = "type")]
    pub kind: TriggerType,
    #[serde(default = "default_timezone")]
    pub timezone: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u64>,
    /// SDK 4.49: a one-time schedule at this ISO 8601 time (instead of `cron` or an interval).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_at: Option<String>,
}

fn default_timezone() -> String {
    "UTC".into()
}

impl TriggerCreate {
    pub fn new(kind: TriggerType) -> Self {
        TriggerCreate {
            kind,
            timezone: default_timezone(),
            cron: None,
            interval_seconds: None,
            run_at: None,
        }
    }
}

/// `PATCH /tasks/{id}/triggers/{trigger_id}`: pause or resume, or reshape a schedule in place.
/// `cron`, `interval_seconds` and `run_at` exclude each other: the one given clears the others.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct TriggerUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub enabled: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cron: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interval_seconds: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub run_at: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub timezone: Option<String>,
}

/// Query of the account-wide `GET /triggers/`.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TriggerListParams {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub user_id: Option<String>,
    #[serde(rename = "type", default, skip_serializing_if = "Option::is_none")]
    pub kind: Option<TriggerType>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub task_id: Option<i64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub starting_after: Option<i64>,
}
