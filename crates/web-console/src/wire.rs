//! The API's answers read into protocol's wire types by hand, from one parsed
//! `serde_json::Value`, instead of by their derived `Deserialize`.
//!
//! Why: serde's derived readers are generated per type and per field, and for the two dozen
//! types the console reads they were the largest single part of its wasm after Leptos (the
//! wasm has a gzip budget). Reading a field here is one call. The rules are protocol's
//! (`#[serde(default = "absent::…")]`): an absent field takes the wire default, a `null`
//! is `None`. Fields outside a type (`extra`) stay empty: the console never reads them.

use m8tes_protocol::types::*;
use serde_json::{Map, Value};

/// A wire type the console reads from an answer.
pub trait Wire: Sized {
    fn read(value: &Value) -> Option<Self>;
}

/// An answer's body read as `T`; `None` when it is not JSON of that shape.
pub fn read<T: Wire>(text: &str) -> Option<T> {
    T::read(&serde_json::from_str(text).ok()?)
}

/// One JSON object, read field by field.
struct Fields<'a>(&'a Map<String, Value>);

impl<'a> Fields<'a> {
    fn of(value: &'a Value) -> Option<Fields<'a>> {
        value.as_object().map(Fields)
    }

    /// The field's value, `None` when absent or `null`.
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    fn text(&self, key: &str) -> Option<String> {
        self.get(key)?.as_str().map(str::to_owned)
    }

    /// `absent` when the field is missing, `None` when it is `null`.
    fn text_or(&self, key: &str, absent: &str) -> Option<String> {
        match self.0.contains_key(key) {
            true => self.text(key),
            false => Some(absent.to_owned()),
        }
    }

    /// A required text, or the empty string where protocol defaults it so.
    fn text_or_empty(&self, key: &str) -> String {
        self.text(key).unwrap_or_default()
    }

    fn int(&self, key: &str) -> Option<i64> {
        self.get(key)?.as_i64()
    }

    fn count(&self, key: &str) -> Option<u64> {
        self.get(key)?.as_u64()
    }

    fn small(&self, key: &str) -> Option<u32> {
        self.count(key).and_then(|n| u32::try_from(n).ok())
    }

    fn flag(&self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }

    fn flag_or(&self, key: &str, absent: bool) -> Option<bool> {
        match self.0.contains_key(key) {
            true => self.flag(key),
            false => Some(absent),
        }
    }

    fn value(&self, key: &str) -> Option<Value> {
        self.get(key).cloned()
    }

    fn object(&self, key: &str) -> Option<JsonObject> {
        self.get(key)?.as_object().cloned()
    }

    fn list<T: Wire>(&self, key: &str) -> Option<Vec<T>> {
        Vec::read(self.get(key)?)
    }

    /// A list of strings that protocol defaults to empty when absent.
    fn texts_or_empty(&self, key: &str) -> Option<Vec<String>> {
        match self.0.contains_key(key) {
            true => self.list(key),
            false => Some(Vec::new()),
        }
    }
}

impl Wire for String {
    fn read(value: &Value) -> Option<String> {
        value.as_str().map(str::to_owned)
    }
}

impl Wire for i64 {
    fn read(value: &Value) -> Option<i64> {
        value.as_i64()
    }
}

impl Wire for Value {
    fn read(value: &Value) -> Option<Value> {
        Some(value.clone())
    }
}

impl<T: Wire> Wire for Vec<T> {
    fn read(value: &Value) -> Option<Vec<T>> {
        value.as_array()?.iter().map(T::read).collect()
    }
}

impl<T: Wire> Wire for Page<T> {
    fn read(value: &Value) -> Option<Page<T>> {
        let f = Fields::of(value)?;
        let next_starting_after = match f.get("next_starting_after") {
            Some(Value::String(key)) => Some(Cursor::Key(key.clone())),
            Some(other) => Some(Cursor::Id(other.as_i64()?)),
            None => None,
        };
        Some(Page { data: f.list("data")?, has_more: f.flag("has_more")?, next_starting_after })
    }
}

impl Wire for Teammate {
    fn read(value: &Value) -> Option<Teammate> {
        let f = Fields::of(value)?;
        Some(Teammate {
            id: f.int("id")?,
            name: f.text("name")?,
            instructions: f.text("instructions"),
            tools: f.texts_or_empty("tools"),
            role: f.text("role"),
            goals: f.text("goals"),
            user_id: f.text("user_id"),
            metadata: f.object("metadata"),
            allowed_senders: f.list("allowed_senders"),
            status: f.text_or("status", "enabled"),
            created_at: f.text_or("created_at", ""),
            updated_at: f.text("updated_at"),
            inbound_email_enabled: f.flag_or("inbound_email_enabled", false),
            email_address: f.text("email_address"),
            webhook_enabled: f.flag_or("webhook_enabled", false),
            extra: JsonObject::new(),
        })
    }
}

impl Wire for TeammateWebhook {
    fn read(value: &Value) -> Option<TeammateWebhook> {
        let f = Fields::of(value)?;
        Some(TeammateWebhook { enabled: f.flag("enabled")?, url: f.text("url"), extra: Map::new() })
    }
}

impl Wire for EmailInbox {
    fn read(value: &Value) -> Option<EmailInbox> {
        let f = Fields::of(value)?;
        Some(EmailInbox {
            enabled: f.flag("enabled")?,
            address: f.text("address"),
            extra: Map::new(),
        })
    }
}

impl Wire for Run {
    fn read(value: &Value) -> Option<Run> {
        let f = Fields::of(value)?;
        let usage = match f.get("usage") {
            Some(usage) => Some(RunUsage::read(usage)?),
            None => None,
        };
        Some(Run {
            id: f.int("id")?,
            teammate_id: f.int("teammate_id"),
            status: f.text_or("status", "running"),
            output: f.text("output"),
            error: f.text("error"),
            user_id: f.text("user_id"),
            metadata: f.object("metadata"),
            created_at: f.text_or("created_at", ""),
            updated_at: f.text("updated_at"),
            permission_mode: f.text("permission_mode"),
            task_id: f.int("task_id"),
            error_code: f.text("error_code"),
            usage,
            later: RunLater {
                output_data: f.value("output_data"),
                archived: f.flag("archived"),
                share_token: f.text("share_token"),
                last_viewed_at: f.text("last_viewed_at"),
                turn_started_at: f.text("turn_started_at"),
                retryable: f.flag("retryable"),
                retry_blocked_reason: f.text("retry_blocked_reason"),
                repeats_actions: f.flag("repeats_actions"),
                retry_of_run_id: f.int("retry_of_run_id"),
                retry_count: f.small("retry_count"),
                retried_by_run_id: f.int("retried_by_run_id"),
                retried_at: f.text("retried_at"),
                needs_reply: f.flag("needs_reply"),
                delivery: f.text("delivery"),
                queued_message_id: f.int("queued_message_id"),
                pending_queued_message_ids: f.list("pending_queued_message_ids"),
                cancelled_queued_message_ids: f.list("cancelled_queued_message_ids"),
            },
            extra: Map::new(),
        })
    }
}

impl Wire for RunUsage {
    fn read(value: &Value) -> Option<RunUsage> {
        let f = Fields::of(value)?;
        Some(RunUsage {
            input_tokens: f.count("input_tokens"),
            output_tokens: f.count("output_tokens"),
            total_tokens: f.count("total_tokens"),
            cost_usd: f.text("cost_usd"),
            duration_ms: f.count("duration_ms"),
            extra: Map::new(),
        })
    }
}

impl Wire for RunMessage {
    fn read(value: &Value) -> Option<RunMessage> {
        let f = Fields::of(value)?;
        Some(RunMessage {
            id: f.int("id")?,
            run_id: f.int("run_id")?,
            sequence: f.int("sequence")?,
            role: f.text("role")?,
            content: f.text_or_empty("content"),
            content_blocks: f.list("content_blocks"),
            event_metadata: f.object("event_metadata").unwrap_or_default(),
            created_at: f.text_or_empty("created_at"),
            extra: Map::new(),
        })
    }
}

impl Wire for RunCheck {
    fn read(value: &Value) -> Option<RunCheck> {
        let f = Fields::of(value)?;
        Some(RunCheck {
            total_count: f.count("total_count")?,
            latest_run_id: f.int("latest_run_id"),
            awaiting_count: f.count("awaiting_count").unwrap_or_default(),
            latest_change_at: f.text("latest_change_at"),
            roster_count: f.count("roster_count").unwrap_or_default(),
            roster_change_at: f.text("roster_change_at"),
            teams_count: f.count("teams_count").unwrap_or_default(),
            teams_change_at: f.text("teams_change_at"),
        })
    }
}

impl Wire for NeedsYou {
    fn read(value: &Value) -> Option<NeedsYou> {
        let f = Fields::of(value)?;
        Some(NeedsYou { count: f.count("count")?, items: f.list("items").unwrap_or_default() })
    }
}

impl Wire for NeedsYouItem {
    fn read(value: &Value) -> Option<NeedsYouItem> {
        let f = Fields::of(value)?;
        Some(NeedsYouItem {
            run_id: f.int("run_id")?,
            title: f.text("title")?,
            mate_name: f.text("mate_name")?,
        })
    }
}

impl Wire for RunOutcome {
    fn read(value: &Value) -> Option<RunOutcome> {
        let f = Fields::of(value)?;
        Some(RunOutcome {
            run_id: f.int("run_id")?,
            status: f.text("status")?,
            summary: f.text("summary"),
            headline: f.text("headline"),
            needs_reply: f.flag("needs_reply").unwrap_or_default(),
            needs_reply_count: f.small("needs_reply_count"),
            delivery_channel: f.text("delivery_channel")?,
            output_data: f.value("output_data"),
            message_count: f.count("message_count").unwrap_or_default(),
            input_tokens: f.count("input_tokens").unwrap_or_default(),
            output_tokens: f.count("output_tokens").unwrap_or_default(),
            total_tokens: f.count("total_tokens").unwrap_or_default(),
            cost_usd: f.text("cost_usd"),
        })
    }
}

impl Wire for PermissionRequest {
    fn read(value: &Value) -> Option<PermissionRequest> {
        let f = Fields::of(value)?;
        Some(PermissionRequest {
            request_id: f.text("request_id")?,
            tool_name: f.text("tool_name")?,
            tool_input: f.value("tool_input"),
            status: f.text("status")?,
            created_at: f.text_or("created_at", ""),
            resolved_at: f.text("resolved_at"),
            extra: Map::new(),
        })
    }
}

impl Wire for AnswerResult {
    fn read(value: &Value) -> Option<AnswerResult> {
        let f = Fields::of(value)?;
        Some(AnswerResult {
            status: f.text("status")?,
            resumed: f.flag("resumed").unwrap_or_default(),
            extra: Map::new(),
        })
    }
}

impl Wire for RunFile {
    fn read(value: &Value) -> Option<RunFile> {
        let f = Fields::of(value)?;
        Some(RunFile { name: f.text("name")?, size: f.count("size")?, extra: Map::new() })
    }
}

impl Wire for Task {
    fn read(value: &Value) -> Option<Task> {
        let f = Fields::of(value)?;
        Some(Task {
            id: f.int("id")?,
            teammate_id: f.int("teammate_id")?,
            name: f.text("name"),
            instructions: f.text("instructions")?,
            tools: f.texts_or_empty("tools"),
            expected_output: f.text("expected_output"),
            goals: f.text("goals"),
            user_id: f.text("user_id"),
            status: f.text_or("status", "enabled"),
            created_at: f.text_or("created_at", ""),
            updated_at: f.text("updated_at"),
            webhook_enabled: f.flag_or("webhook_enabled", false),
            extra: Map::new(),
        })
    }
}

impl Wire for Trigger {
    fn read(value: &Value) -> Option<Trigger> {
        let f = Fields::of(value)?;
        Some(Trigger {
            id: f.int("id")?,
            kind: f.text("type")?,
            enabled: f.flag_or("enabled", true),
            cron: f.text("cron"),
            interval_seconds: f.count("interval_seconds"),
            timezone: f.text_or("timezone", "UTC"),
            next_run: f.text("next_run"),
            url: f.text("url"),
            address: f.text("address"),
            run_at: f.text("run_at"),
            task_id: f.int("task_id"),
            task_name: f.text("task_name"),
            extra: Map::new(),
        })
    }
}

impl Wire for LessonList {
    fn read(value: &Value) -> Option<LessonList> {
        let f = Fields::of(value)?;
        Some(LessonList {
            data: f.list("data")?,
            capacity_used: f.small("capacity_used")?,
            capacity_limit: f.small("capacity_limit")?,
        })
    }
}

impl Wire for Lesson {
    fn read(value: &Value) -> Option<Lesson> {
        let f = Fields::of(value)?;
        Some(Lesson {
            id: f.text("id")?,
            text: f.text("text")?,
            when_applicable: f.text_or_empty("when_applicable"),
            created_at: f.text_or_empty("created_at"),
            last_reaffirmed_at: f.text_or_empty("last_reaffirmed_at"),
            source_run_id: f.int("source_run_id"),
            reaffirm_count: f.small("reaffirm_count").unwrap_or_default(),
        })
    }
}

impl Wire for EndUser {
    fn read(value: &Value) -> Option<EndUser> {
        let f = Fields::of(value)?;
        Some(EndUser {
            id: f.int("id")?,
            user_id: f.text("user_id")?,
            name: f.text("name"),
            email: f.text("email"),
            company: f.text("company"),
            metadata: f.object("metadata"),
            created_at: f.text_or("created_at", ""),
            updated_at: f.text("updated_at"),
            extra: Map::new(),
        })
    }
}

impl Wire for Memory {
    fn read(value: &Value) -> Option<Memory> {
        let f = Fields::of(value)?;
        Some(Memory {
            id: f.int("id")?,
            user_id: f.text("user_id"),
            content: f.text("content")?,
            source: f.text_or("source", "api"),
            created_at: f.text_or("created_at", ""),
            audience: f.text("audience"),
            extra: Map::new(),
        })
    }
}

impl Wire for PermissionPolicy {
    fn read(value: &Value) -> Option<PermissionPolicy> {
        let f = Fields::of(value)?;
        Some(PermissionPolicy {
            id: f.int("id")?,
            user_id: f.text("user_id"),
            tool_name: f.text("tool_name")?,
            created_at: f.text_or("created_at", ""),
            extra: Map::new(),
        })
    }
}

impl Wire for App {
    fn read(value: &Value) -> Option<App> {
        let f = Fields::of(value)?;
        Some(App {
            name: f.text("name")?,
            display_name: f.text("display_name"),
            category: f.text_or("category", "general"),
            connected: f.flag_or("connected", false),
            extra: Map::new(),
        })
    }
}

impl Wire for AppConnection {
    fn read(value: &Value) -> Option<AppConnection> {
        let f = Fields::of(value)?;
        Some(AppConnection {
            authorization_url: f.text("authorization_url")?,
            connection_id: f.text("connection_id")?,
            extra: Map::new(),
        })
    }
}

impl Wire for AppConnectionStatus {
    fn read(value: &Value) -> Option<AppConnectionStatus> {
        let f = Fields::of(value)?;
        Some(AppConnectionStatus {
            status: f.text("status")?,
            app: f.text("app")?,
            extra: Map::new(),
        })
    }
}

impl Wire for Webhook {
    fn read(value: &Value) -> Option<Webhook> {
        let f = Fields::of(value)?;
        Some(Webhook {
            id: f.int("id")?,
            url: f.text("url")?,
            events: f.texts_or_empty("events"),
            secret: f.text("secret"),
            active: f.flag_or("active", true),
            created_at: f.text_or("created_at", ""),
            updated_at: f.text("updated_at"),
            user_id: f.text("user_id"),
            extra: Map::new(),
        })
    }
}

impl Wire for WebhookDelivery {
    fn read(value: &Value) -> Option<WebhookDelivery> {
        let f = Fields::of(value)?;
        Some(WebhookDelivery {
            id: f.int("id")?,
            webhook_endpoint_id: f.int("webhook_endpoint_id")?,
            event_type: f.text("event_type")?,
            event_id: f.text("event_id")?,
            run_id: f.int("run_id")?,
            status: f.text("status")?,
            response_status_code: f.count("response_status_code").and_then(|n| n.try_into().ok()),
            response_body: f.text("response_body"),
            attempts: match f.0.contains_key("attempts") {
                true => f.small("attempts"),
                false => Some(0),
            },
            next_retry_at: f.text("next_retry_at"),
            created_at: f.text_or("created_at", ""),
            extra: Map::new(),
        })
    }
}

impl Wire for Settings {
    fn read(value: &Value) -> Option<Settings> {
        let f = Fields::of(value)?;
        Some(Settings {
            company_research: f.flag("company_research")?,
            per_end_user_run_limit: f.int("per_end_user_run_limit"),
            per_end_user_cost_limit_cents: f.int("per_end_user_cost_limit_cents"),
            per_end_user_rate_per_minute: f.int("per_end_user_rate_per_minute"),
            retention_mode: f.text("retention_mode").unwrap_or_else(|| "standard".to_owned()),
            require_end_user_id: f.flag_or("require_end_user_id", false),
            approval_email_enabled: f.flag_or("approval_email_enabled", true),
            approval_slack_enabled: f.flag_or("approval_slack_enabled", true),
            result_email_enabled: f.flag_or("result_email_enabled", true),
            result_slack_enabled: f.flag_or("result_slack_enabled", true),
            extra: Map::new(),
        })
    }
}

impl Wire for Usage {
    fn read(value: &Value) -> Option<Usage> {
        let f = Fields::of(value)?;
        Some(Usage {
            plan: f.text("plan")?,
            runs_used: f.count("runs_used")?,
            runs_limit: f.count("runs_limit")?,
            cost_used: f.text("cost_used")?,
            cost_limit: f.text("cost_limit")?,
            period_end: f.text("period_end")?,
            subscription_status: f.text("subscription_status"),
            extra: Map::new(),
        })
    }
}
