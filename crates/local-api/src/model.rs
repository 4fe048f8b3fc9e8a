//! The domain's states as enums. They become strings only here (`as_str`, `parse`) and, through
//! these, at the database (`store`) and wire (`http`, `webhooks`) edges.

use m8tes_protocol::types::{Decision, JsonObject, DEFAULT_WEBHOOK_EVENTS};

pub use m8tes_protocol::types::PermissionMode;

/// Where a run stands (wire.md §2.12 lists them all; this server sets the first six).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RunStatus {
    Running,
    Paused,
    AwaitingApproval,
    Completed,
    Failed,
    Cancelled,
    Closed,
    Archived,
}

impl RunStatus {
    /// Every status, in the order an error lists them.
    pub const ALL: [RunStatus; 8] = [
        RunStatus::Running,
        RunStatus::Paused,
        RunStatus::AwaitingApproval,
        RunStatus::Completed,
        RunStatus::Failed,
        RunStatus::Cancelled,
        RunStatus::Closed,
        RunStatus::Archived,
    ];

    /// The statuses in which a run is executing (a turn is live).
    pub const ACTIVE: [RunStatus; 2] = [RunStatus::Running, RunStatus::AwaitingApproval];

    pub fn as_str(self) -> &'static str {
        match self {
            RunStatus::Running => "running",
            RunStatus::Paused => "paused",
            RunStatus::AwaitingApproval => "awaiting_approval",
            RunStatus::Completed => "completed",
            RunStatus::Failed => "failed",
            RunStatus::Cancelled => "cancelled",
            RunStatus::Closed => "closed",
            RunStatus::Archived => "archived",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    pub fn is_active(self) -> bool {
        Self::ACTIVE.contains(&self)
    }
}

/// Where an approval gate (a permission request) stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GateStatus {
    Pending,
    Allowed,
    Denied,
    /// A question gate, answered.
    Resolved,
    /// The run ended while the gate was open.
    Cancelled,
}

impl GateStatus {
    pub const ALL: [GateStatus; 5] = [
        GateStatus::Pending,
        GateStatus::Allowed,
        GateStatus::Denied,
        GateStatus::Resolved,
        GateStatus::Cancelled,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            GateStatus::Pending => "pending",
            GateStatus::Allowed => "allowed",
            GateStatus::Denied => "denied",
            GateStatus::Resolved => "resolved",
            GateStatus::Cancelled => "cancelled",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|status| status.as_str() == text)
    }

    /// What a person's allow or deny makes of a tool gate.
    pub fn of_decision(decision: Decision) -> Self {
        match decision {
            Decision::Allow => GateStatus::Allowed,
            Decision::Deny => GateStatus::Denied,
        }
    }
}

/// A decision as the stream's `permission_resolved` event names it.
pub fn decision_name(decision: Decision) -> &'static str {
    match decision {
        Decision::Allow => "allow",
        Decision::Deny => "deny",
    }
}

/// A permission mode as stored; `None` for text that is none of them.
pub fn parse_permission_mode(text: &str) -> Option<PermissionMode> {
    [PermissionMode::Autonomous, PermissionMode::Approval, PermissionMode::Plan]
        .into_iter()
        .find(|mode| mode.as_str() == text)
}

/// The run events an outbound webhook endpoint can subscribe to (D11): `run.<variant>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum WebhookEventName {
    Started,
    Completed,
    Failed,
    Cancelled,
    AwaitingInput,
}

impl WebhookEventName {
    pub const ALL: [WebhookEventName; 5] = [
        WebhookEventName::Started,
        WebhookEventName::Completed,
        WebhookEventName::Failed,
        WebhookEventName::Cancelled,
        WebhookEventName::AwaitingInput,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            WebhookEventName::Started => "run.started",
            WebhookEventName::Completed => "run.completed",
            WebhookEventName::Failed => "run.failed",
            WebhookEventName::Cancelled => "run.cancelled",
            WebhookEventName::AwaitingInput => "run.awaiting_input",
        }
    }

    pub fn parse(text: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|event| event.as_str() == text)
    }

    /// What an endpoint created without `events` subscribes to (D11).
    pub fn defaults() -> Vec<WebhookEventName> {
        DEFAULT_WEBHOOK_EVENTS.iter().filter_map(|name| Self::parse(name)).collect()
    }
}

/// Where one outbound delivery stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DeliveryStatus {
    Pending,
    Success,
    Failed,
}

impl DeliveryStatus {
    pub fn as_str(self) -> &'static str {
        match self {
            DeliveryStatus::Pending => "pending",
            DeliveryStatus::Success => "success",
            DeliveryStatus::Failed => "failed",
        }
    }
}

/// The type names of the stream events this server adds beside protocol's event model.
pub mod stream_event {
    pub const PERMISSION_REQUEST: &str = "permission_request";
    pub const AWAITING_APPROVAL: &str = "awaiting_approval";
    pub const PERMISSION_RESOLVED: &str = "permission_resolved";
    pub const CANCELLED: &str = "cancelled";
}

/// What a run is made with: who and what it is for, and how it may work. All of it is fixed
/// at creation but `permission_mode`, which `PATCH /runs/{id}/permission-mode` switches.
#[derive(Debug, Clone, Default)]
pub struct RunSettings {
    pub account_id: i64,
    pub teammate_id: Option<i64>,
    pub task_id: Option<i64>,
    pub user_id: Option<String>,
    pub metadata: Option<JsonObject>,
    pub permission_mode: PermissionMode,
    pub human_in_the_loop: bool,
    pub use_memory: bool,
    pub use_history: bool,
    pub tools: Vec<String>,
    pub instructions: Option<String>,
    /// The JSON Schema `output_data` follows (wire.md §10.7); kept for replies and retries.
    pub output_schema: Option<serde_json::Value>,
}

#[cfg(test)]
mod tests {
    use m8tes_protocol::types::WEBHOOK_EVENTS;

    use super::*;

    #[test]
    fn every_name_parses_back() {
        for status in RunStatus::ALL {
            assert_eq!(RunStatus::parse(status.as_str()), Some(status));
        }
        for status in GateStatus::ALL {
            assert_eq!(GateStatus::parse(status.as_str()), Some(status));
        }
        for mode in [PermissionMode::Autonomous, PermissionMode::Approval, PermissionMode::Plan] {
            assert_eq!(parse_permission_mode(mode.as_str()), Some(mode));
        }
        assert_eq!(RunStatus::parse("done"), None);
    }

    #[test]
    fn webhook_events_are_the_contracts() {
        let names: Vec<&str> = WebhookEventName::ALL.iter().map(|e| e.as_str()).collect();
        assert_eq!(names, WEBHOOK_EVENTS);
        assert_eq!(WebhookEventName::defaults().len(), DEFAULT_WEBHOOK_EVENTS.len());
    }
}
