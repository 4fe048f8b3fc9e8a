//! A run row as the API answers it (wire.md §2.2, §9.9, §10).

use m8tes_protocol::types::{JsonObject, Run, RunLater, RunUsage};

use super::runs::RunRow;
use crate::model::RunStatus;

/// Why `POST /runs/{id}/retry` would refuse the run, if it would (wire.md §10.6).
pub fn retry_blocked_reason(run: &RunRow) -> Option<&'static str> {
    match run.status {
        RunStatus::Failed | RunStatus::Cancelled => None,
        status if status.is_active() => Some("run_active"),
        _ => Some("run_not_failed"),
    }
}

impl RunRow {
    pub fn is_active(&self) -> bool {
        self.status.is_active()
    }

    /// The run as the API answers it.
    pub fn to_wire(&self) -> Run {
        let usage = self.output_tokens.map(|output_tokens| {
            let input_tokens = self.input_tokens.unwrap_or(0);
            RunUsage {
                input_tokens: Some(input_tokens),
                output_tokens: Some(output_tokens),
                total_tokens: Some(input_tokens + output_tokens),
                cost_usd: self.cost_usd.clone(),
                duration_ms: self.duration_ms,
                extra: JsonObject::new(),
            }
        });
        let settings = &self.settings;
        Run {
            id: self.id,
            teammate_id: settings.teammate_id,
            status: Some(self.status.as_str().into()),
            output: self.output.clone(),
            error: self.error.clone(),
            user_id: settings.user_id.clone(),
            metadata: settings.metadata.clone(),
            created_at: Some(self.created_at.clone()),
            updated_at: self.updated_at.clone(),
            permission_mode: Some(settings.permission_mode.as_str().into()),
            task_id: settings.task_id,
            error_code: self.error_code.clone(),
            usage,
            later: self.later(),
            extra: JsonObject::new(),
        }
    }

    fn later(&self) -> RunLater {
        let marks = &self.marks;
        let blocked = retry_blocked_reason(self);
        let queued = marks.pending_replies.first().copied();
        RunLater {
            output_data: marks.output_data.clone(),
            archived: Some(marks.archived),
            share_token: marks.share_token.clone(),
            last_viewed_at: marks.last_viewed_at.clone(),
            turn_started_at: marks.turn_started_at.clone(),
            retryable: Some(blocked.is_none()),
            retry_blocked_reason: blocked.map(str::to_owned),
            repeats_actions: Some(marks.tool_calls > 0),
            retry_of_run_id: marks.retry_of_run_id,
            retry_count: Some(u32::try_from(marks.retry_count).unwrap_or(0)),
            retried_by_run_id: marks.retried_by_run_id,
            retried_at: marks.retried_at.clone(),
            needs_reply: Some(false),
            delivery: queued.map(|_| "queued".to_owned()),
            queued_message_id: queued,
            pending_queued_message_ids: Some(marks.pending_replies.clone()),
            cancelled_queued_message_ids: Some(marks.cancelled_replies.clone()),
        }
    }
}
