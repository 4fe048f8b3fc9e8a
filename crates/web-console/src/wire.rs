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
    T::read(&parse(text)?)
}

/// Every answer's one JSON parser. Never inlined, nor is any reader below: each is wanted
/// once, not once per caller (the wasm has a size budget).
#[inline(never)]
fn parse(text: &str) -> Option<Value> {
    serde_json::from_str(text).ok()
}

/// One JSON object, read field by field.
struct Fields<'a>(&'a Map<String, Value>);

impl<'a> Fields<'a> {
    #[inline(never)]
    fn of(value: &'a Value) -> Option<Fields<'a>> {
        value.as_object().map(Fields)
    }

    /// The field's value, `None` when absent or `null`.
    #[inline(never)]
    fn get(&self, key: &str) -> Option<&'a Value> {
        self.0.get(key).filter(|v| !v.is_null())
    }

    #[inline(never)]
    fn text(&self, key: &str) -> Option<String> {
        self.get(key)?.as_str().map(str::to_owned)
    }

    /// `absent` when the field is missing, `None` when it is `null`.
    #[inline(never)]
    fn text_or(&self, key: &str, absent: &str) -> Option<String> {
        match self.0.contains_key(key) {
            true => self.text(key),
            false => Some(absent.to_owned()),
        }
    }

    /// A required text, or the empty string where protocol defaults it so.
    #[inline(never)]
    fn text_or_empty(&self, key: &str) -> String {
        self.text(key).unwrap_or_default()
    }

    #[inline(never)]
    fn int(&self, key: &str) -> Option<i64> {
        self.get(key)?.as_i64()
    }

    #[inline(never)]
    fn count(&self, key: &str) -> Option<u64> {
        self.get(key)?.as_u64()
    }

    #[inline(never)]
    fn small(&self, key: &str) -> Option<u32> {
        self.count(key).and_then(|n| u32::try_from(n).ok())
    }

    #[inline(never)]
    fn flag(&self, key: &str) -> Option<bool> {
        self.get(key)?.as_bool()
    }

    #[inline(never)]
    fn flag_or(&self, key: &str, absent: bool) -> Option<bool> {
        match self.0.contains_key(key) {
            true => self.flag(key),
            false => Some(absent),
        }
    }

    #[inline(never)]
    fn value(&self, key: &str) -> Option<Value> {
        self.get(key).cloned()
    }

    #[inline(never)]
    fn object(&self, key: &str) -> Option<JsonObject> {
        self.get(key)?.as_object().cloned()
    }

    fn list<T: Wire>(&self, key: &str) -> Option<Vec<T>> {
        Vec::read(self.get(key)?)
    }

    /// A list of strings that protocol defaults to empty when absent.
    #[inline(never)]
    fn texts_or_empty(&self, key: &str) -> Option<Vec<String>> {
        match self.0.contains_key(key) {
            true => self.list(key),
            false => Some(Vec::new()),
        }
    }
}

impl Wire for String {
    #[inline(never)]
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
    #[inline(never)]
    fn read(value: &Value) -> Option<Value> {
        Some(value.clone())
    }
}

impl<T: Wire> Wire for Vec<T> {
    /// A plain loop: collecting into `Option<Vec<T>>` costs more wasm for each item type.
    fn read(value: &Value) -> Option<Vec<T>> {
        let items = value.as_array()?;
        let mut list = Vec::with_capacity(items.len());
        for item in items {
            list.push(T::read(item)?);
        }
        Some(list)
    }
}

impl<T: Wire> Wire for Page<T> {
    /// Only the items are read per type; the envelope is read once for all.
    fn read(value: &Value) -> Option<Page<T>> {
        let (data, has_more, next_starting_after) = envelope(value)?;
        Some(Page { data: Vec::read(data)?, has_more, next_starting_after })
    }
}

/// A page's `data` (not read yet), `has_more` and `next_starting_after`.
#[inline(never)]
fn envelope(value: &Value) -> Option<(&Value, bool, Option<Cursor>)> {
    let f = Fields::of(value)?;
    let next_starting_after = match f.get("next_starting_after") {
        Some(Value::String(key)) => Some(Cursor::Key(key.clone())),
        Some(other) => Some(Cursor::Id(other.as_i64()?)),
        None => None,
    };
    Some((f.get("data")?, f.flag("has_more")?, next_starting_after))
}

impl Wire for Teammate {
    #[inline(never)]
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
    #[inline(never)]
    fn read(value: &Value) -> Option<TeammateWebhook> {
        let f = Fields::of(value)?;
        Some(TeammateWebhook { enabled: f.flag("enabled")?, url: f.text("url"), extra: Map::new() })
    }
}

impl Wire for EmailInbox {
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
    fn read(value: &Value) -> Option<NeedsYou> {
        let f = Fields::of(value)?;
        Some(NeedsYou { count: f.count("count")?, items: f.list("items").unwrap_or_default() })
    }
}

impl Wire for NeedsYouItem {
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
    fn read(value: &Value) -> Option<RunFile> {
        let f = Fields::of(value)?;
        Some(RunFile { name: f.text("name")?, size: f.count("size")?, extra: Map::new() })
    }
}

impl Wire for Task {
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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
    #[inline(never)]
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

/// The questions of a question gate (D14), empty for a tool gate: protocol's
/// `PermissionRequest::questions`, read by hand like every answer here.
pub fn questions(gate: &PermissionRequest) -> Vec<Question> {
    gate.tool_input
        .as_ref()
        .and_then(|input| input.get("questions"))
        .and_then(Vec::read)
        .unwrap_or_default()
}

impl Wire for Question {
    #[inline(never)]
    fn read(value: &Value) -> Option<Question> {
        let f = Fields::of(value)?;
        Some(Question {
            question: f.text("question")?,
            header: f.text_or_empty("header"),
            options: f.list("options").unwrap_or_default(),
            multi_select: f.flag("multiSelect").unwrap_or_default(),
        })
    }
}

impl Wire for QuestionOption {
    #[inline(never)]
    fn read(value: &Value) -> Option<QuestionOption> {
        let f = Fields::of(value)?;
        Some(QuestionOption {
            label: f.text("label")?,
            description: f.text_or_empty("description"),
        })
    }
}

#[cfg(test)]
mod tests {
    //! Every reader against protocol's derived `Deserialize`, the reference: the same value
    //! for a full object, for one with only its required fields (the absent-field defaults),
    //! and for one whose optional fields are `null`.

    use serde::de::DeserializeOwned;
    use serde_json::json;

    use super::*;

    /// `value` read here and by serde; `unknown` clears what this module leaves out (`extra`).
    fn same<T>(value: Value, unknown: fn(&mut T))
    where
        T: Wire + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        let text = value.to_string();
        let mut expected: T = serde_json::from_str(&text).expect("serde reads the sample");
        unknown(&mut expected);
        assert_eq!(read::<T>(&text), Some(expected), "{text}");
    }

    /// The object with every optional field `null`.
    fn nulled(value: &Value, required: &[&str]) -> Value {
        let mut object = value.as_object().unwrap().clone();
        for (key, field) in object.iter_mut() {
            if !required.contains(&key.as_str()) {
                *field = Value::Null;
            }
        }
        Value::Object(object)
    }

    /// Only the required fields.
    fn minimal(value: &Value, required: &[&str]) -> Value {
        let object = value.as_object().unwrap();
        Value::Object(
            object
                .iter()
                .filter(|(k, _)| required.contains(&k.as_str()))
                .map(|(k, v)| (k.clone(), v.clone()))
                .collect(),
        )
    }

    fn all_three<T>(full: Value, required: &[&str], unknown: fn(&mut T))
    where
        T: Wire + DeserializeOwned + PartialEq + std::fmt::Debug,
    {
        same::<T>(minimal(&full, required), unknown);
        same::<T>(nulled(&full, required), unknown);
        same::<T>(full, unknown);
    }

    #[test]
    fn teammates_read_as_serde_reads_them() {
        let full = json!({
            "id": 7, "name": "Ops", "instructions": "Help", "tools": ["gmail"], "role": "r",
            "goals": "g", "user_id": "u1", "metadata": {"a": 1}, "allowed_senders": ["a@b.c"],
            "status": "disabled", "created_at": "2026-01-01T00:00:00Z",
            "updated_at": "2026-01-02T00:00:00Z", "inbound_email_enabled": true,
            "email_address": "x@y.z", "webhook_enabled": true, "surprise": 1
        });
        all_three::<Teammate>(full, &["id", "name"], |t| t.extra.clear());
        let hook = json!({"enabled": true, "url": "https://h", "token": "t"});
        all_three::<TeammateWebhook>(hook, &["enabled"], |w| w.extra.clear());
        let inbox = json!({"enabled": false, "address": "a@b.c"});
        all_three::<EmailInbox>(inbox, &["enabled"], |i| i.extra.clear());
    }

    fn clear_run(run: &mut Run) {
        run.extra.clear();
        if let Some(usage) = run.usage.as_mut() {
            usage.extra.clear();
        }
    }

    #[test]
    fn runs_read_as_serde_reads_them() {
        let full = json!({
            "id": 3, "teammate_id": 7, "status": "completed", "output": "done", "error": "e",
            "user_id": "u", "metadata": {"k": "v"}, "created_at": "c", "updated_at": "u",
            "permission_mode": "approval", "task_id": 9, "error_code": "x",
            "usage": {"input_tokens": 1, "output_tokens": 2, "total_tokens": 3,
                      "cost_usd": "0.01", "duration_ms": 1500, "cache": 4},
            "output_data": {"n": [1, 2]}, "archived": true, "share_token": "s",
            "last_viewed_at": "l", "turn_started_at": "t", "retryable": false,
            "retry_blocked_reason": "r", "repeats_actions": true, "retry_of_run_id": 1,
            "retry_count": 2, "retried_by_run_id": 4, "retried_at": "ra", "needs_reply": true,
            "delivery": "queued", "queued_message_id": 5, "pending_queued_message_ids": [6],
            "cancelled_queued_message_ids": [7], "surprise": true
        });
        all_three::<Run>(full.clone(), &["id"], clear_run);
        let page =
            json!({"data": [full.clone(), {"id": 4}], "has_more": true, "next_starting_after": 4});
        same::<Page<Run>>(page, |p| p.data.iter_mut().for_each(clear_run));
        let keyed = json!({"data": [], "has_more": false, "next_starting_after": "task:1"});
        same::<Page<Run>>(keyed, |_| {});
        let message = json!({
            "id": 1, "run_id": 3, "sequence": 2, "role": "user", "content": "hi",
            "content_blocks": [{"type": "text"}], "event_metadata": {"a": 1}, "created_at": "c"
        });
        all_three::<RunMessage>(
            message,
            &["id", "run_id", "sequence", "role", "content", "event_metadata", "created_at"],
            |m| m.extra.clear(),
        );
        let check = json!({
            "total_count": 5, "latest_run_id": 3, "awaiting_count": 1, "latest_change_at": "c",
            "roster_count": 2, "roster_change_at": "r", "teams_count": 0, "teams_change_at": "t"
        });
        same::<RunCheck>(minimal(&check, &["total_count"]), |_| {});
        same::<RunCheck>(check, |_| {});
        let waiting = json!({"count": 1, "items": [{"run_id": 3, "title": "t", "mate_name": "m"}]});
        same::<NeedsYou>(minimal(&waiting, &["count"]), |_| {});
        same::<NeedsYou>(waiting, |_| {});
        let outcome = json!({
            "run_id": 3, "status": "completed", "summary": "s", "headline": "h",
            "needs_reply": true, "needs_reply_count": 1, "delivery_channel": "api",
            "output_data": [1], "message_count": 4, "input_tokens": 1, "output_tokens": 2,
            "total_tokens": 3, "cost_usd": "0.1"
        });
        same::<RunOutcome>(minimal(&outcome, &["run_id", "status", "delivery_channel"]), |_| {});
        same::<RunOutcome>(outcome, |_| {});
        let gate = json!({
            "request_id": "r", "tool_name": "AskUserQuestion", "status": "pending",
            "tool_input": {"questions": [{"question": "Go?", "header": "h", "multiSelect": true,
                                          "options": [{"label": "Yes", "description": "d"}]}]},
            "created_at": "c", "resolved_at": "r"
        });
        all_three::<PermissionRequest>(gate.clone(), &["request_id", "tool_name", "status"], |g| {
            g.extra.clear()
        });
        let gate: PermissionRequest = serde_json::from_value(gate).unwrap();
        assert_eq!(questions(&gate), gate.questions());
        assert_eq!(questions(&gate).len(), 1);
        let answered = json!({"status": "ok", "resumed": true});
        all_three::<AnswerResult>(answered, &["status", "resumed"], |a| a.extra.clear());
        let file = json!({"name": "a.txt", "size": 3, "kind": "text"});
        same::<Vec<RunFile>>(json!([file]), |f| f.iter_mut().for_each(|f| f.extra.clear()));
    }

    #[test]
    fn tasks_and_triggers_read_as_serde_reads_them() {
        let task = json!({
            "id": 1, "teammate_id": 2, "name": "n", "instructions": "i", "tools": ["a"],
            "expected_output": "e", "goals": "g", "user_id": "u", "status": "disabled",
            "created_at": "c", "updated_at": "u", "webhook_enabled": true
        });
        all_three::<Task>(task, &["id", "teammate_id", "instructions"], |t| t.extra.clear());
        let trigger = json!({
            "id": 1, "type": "schedule", "enabled": false, "cron": "0 9 * * 1-5",
            "interval_seconds": 60, "timezone": "Europe/Paris", "next_run": "n", "url": "u",
            "address": "a", "run_at": "r", "task_id": 4, "task_name": "t"
        });
        all_three::<Trigger>(trigger, &["id", "type"], |t| t.extra.clear());
        let lessons = json!({
            "data": [{"id": "l1", "text": "t", "when_applicable": "w", "created_at": "c",
                      "last_reaffirmed_at": "l", "source_run_id": 3, "reaffirm_count": 2},
                     {"id": "l2", "text": "u"}],
            "capacity_used": 2, "capacity_limit": 20
        });
        same::<LessonList>(lessons, |_| {});
    }

    #[test]
    fn account_objects_read_as_serde_reads_them() {
        let user = json!({
            "id": 1, "user_id": "u", "name": "n", "email": "e", "company": "c",
            "metadata": {"a": 1}, "created_at": "c", "updated_at": "u"
        });
        all_three::<EndUser>(user, &["id", "user_id"], |u| u.extra.clear());
        let memory = json!({
            "id": 1, "user_id": "u", "content": "c", "source": "run", "created_at": "c",
            "audience": "a"
        });
        all_three::<Memory>(memory, &["id", "content"], |m| m.extra.clear());
        let policy = json!({"id": 1, "user_id": "u", "tool_name": "gmail", "created_at": "c"});
        all_three::<PermissionPolicy>(policy, &["id", "tool_name"], |p| p.extra.clear());
        let app = json!({"name": "gmail", "display_name": "Gmail", "category": "mail", "connected": true});
        all_three::<App>(app, &["name"], |a| a.extra.clear());
        let started = json!({"authorization_url": "https://a", "connection_id": "c"});
        all_three::<AppConnection>(started, &["authorization_url", "connection_id"], |c| {
            c.extra.clear()
        });
        let status = json!({"status": "connected", "app": "gmail"});
        all_three::<AppConnectionStatus>(status, &["status", "app"], |s| s.extra.clear());
        let hook = json!({
            "id": 1, "url": "https://h", "events": ["run.completed"], "secret": "s",
            "active": false, "created_at": "c", "updated_at": "u", "user_id": "u"
        });
        all_three::<Webhook>(hook, &["id", "url"], |w| w.extra.clear());
        let delivery = json!({
            "id": 1, "webhook_endpoint_id": 2, "event_type": "run.completed", "event_id": "e",
            "run_id": 3, "status": "failed", "response_status_code": 500, "response_body": "b",
            "attempts": 2, "next_retry_at": "n", "created_at": "c"
        });
        let required = ["id", "webhook_endpoint_id", "event_type", "event_id", "run_id", "status"];
        all_three::<WebhookDelivery>(delivery, &required, |d| d.extra.clear());
        let settings = json!({
            "company_research": true, "per_end_user_run_limit": 5,
            "per_end_user_cost_limit_cents": 100, "per_end_user_rate_per_minute": 2,
            "retention_mode": "minimal", "require_end_user_id": true,
            "approval_email_enabled": false, "approval_slack_enabled": false,
            "result_email_enabled": false, "result_slack_enabled": false
        });
        same::<Settings>(minimal(&settings, &["company_research"]), |s| s.extra.clear());
        same::<Settings>(settings, |s| s.extra.clear());
        let usage = json!({
            "plan": "free", "runs_used": 1, "runs_limit": 10, "cost_used": "0.1",
            "cost_limit": "5", "period_end": "p", "subscription_status": "active"
        });
        let required = ["plan", "runs_used", "runs_limit", "cost_used", "cost_limit", "period_end"];
        all_three::<Usage>(usage, &required, |u| u.extra.clear());
    }

    #[test]
    fn what_serde_refuses_is_refused() {
        assert!(read::<Run>(r#"{"status": "running"}"#).is_none(), "no id");
        assert!(read::<Run>(r#"{"id": "3"}"#).is_none(), "an id that is not a number");
        assert!(read::<Page<Run>>(r#"{"data": [{"id": 1}]}"#).is_none(), "no has_more");
        assert!(read::<Vec<RunFile>>("not json").is_none());
    }
}
