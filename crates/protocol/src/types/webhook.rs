//! Outbound webhook endpoints and their deliveries (wire.md §2.9, D11).
use serde::{Deserialize, Serialize};

use super::{absent, JsonObject, Run};

/// Every event a webhook endpoint can subscribe to (D11).
pub const WEBHOOK_EVENTS: [&str; 5] =
    ["run.started", "run.completed", "run.failed", "run.cancelled", "run.awaiting_input"];
/// The subscription of an endpoint created without `events` (D11).
pub const DEFAULT_WEBHOOK_EVENTS: [&str; 2] = ["run.completed", "run.failed"];

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Webhook {
    pub id: i64,
    pub url: String,
    #[serde(default = "absent::empty_list")]
    pub events: Option<Vec<String>>,
    /// In full only when created or rotated; masked (`"a1b2..."`) otherwise.
    #[serde(default)]
    pub secret: Option<String>,
    #[serde(default = "absent::yes")]
    pub active: Option<bool>,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(default)]
    pub updated_at: Option<String>,
    /// The end user the endpoint belongs to (SDK 4.49); `None` for an account-level one.
    #[serde(default)]
    pub user_id: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WebhookCreate {
    pub url: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
}

/// PATCH body; `rotate_secret` is sent only when true.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
pub struct WebhookUpdate {
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub events: Option<Vec<String>>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub active: Option<bool>,
    #[serde(default, skip_serializing_if = "super::absent::is_false")]
    pub rotate_secret: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookDelivery {
    pub id: i64,
    pub webhook_endpoint_id: i64,
    pub event_type: String,
    pub event_id: String,
    pub run_id: i64,
    pub status: String,
    #[serde(default)]
    pub response_status_code: Option<u16>,
    #[serde(default)]
    pub response_body: Option<String>,
    #[serde(default = "absent::zero")]
    pub attempts: Option<u32>,
    #[serde(default)]
    pub next_retry_at: Option<String>,
    #[serde(default = "absent::empty_string")]
    pub created_at: Option<String>,
    #[serde(flatten)]
    pub extra: JsonObject,
}

/// The body m8tes POSTs to a webhook endpoint (D11).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct WebhookEvent {
    pub event_id: String,
    pub event: String,
    pub created_at: String,
    pub run_id: i64,
    pub data: Run,
}
