//! A turn's gates: plan mode's approval, approval mode's per-tool question, and the pause
//! on an open gate until a person answers.

use m8tes_protocol::types::{Decision, PLAN_APPROVAL_HEADER, QUESTION_TOOL};
use serde_json::{json, Value};

use super::{Halt, Turn, APPROVE, PLAN_QUESTION, REJECT};
use crate::agent::live::GateAnswer;
use crate::agent::script::{Script, ToolUse};
use crate::agent::speech::capitalised;
use crate::model::{decision_name, stream_event, PermissionMode, RunStatus, WebhookEventName};
use crate::store::{gates, permissions, runs, users};
use m8tes_protocol::event::EventKind;

impl Turn {
    /// Plan mode: show the plan and ask "Plan Approval" (D14); whether it was approved.
    pub(super) async fn approve_plan(&mut self, script: &Script) -> Result<bool, Halt> {
        let id = format!("plan_{}", self.live.turn);
        let steps: Vec<String> = if script.tools.is_empty() {
            vec!["Answer in text; no tools are needed.".into()]
        } else {
            script.tools.iter().map(|call| capitalised(&call.describe())).collect()
        };
        self.live.emit(&Self::event(EventKind::PlanStart { id: Some(id.clone()) }))?;
        for (n, step) in steps.iter().enumerate() {
            self.live.pause(self.delay()).await?;
            let delta = format!("{}. {step}\n", n + 1);
            self.live.emit(&Self::event(EventKind::PlanDelta { id: Some(id.clone()), delta }))?;
        }
        self.live.emit(&Self::event(EventKind::PlanEnd { id: Some(id) }))?;
        let input = json!({"questions": [{
            "question": PLAN_QUESTION,
            "header": PLAN_APPROVAL_HEADER,
            "options": [
                {"label": APPROVE, "description": format!("Go ahead: {}", steps.join(" "))},
                {"label": REJECT, "description": "Stop without using any tools"}
            ],
            "multiSelect": false
        }]});
        let answer = self.gate(QUESTION_TOOL, input).await?;
        Ok(answer == GateAnswer::Choice(APPROVE.into()))
    }

    /// Approval mode asks before each tool the end user has not pre-approved.
    pub(super) async fn allowed(&mut self, call: &ToolUse) -> Result<bool, Halt> {
        let needs_gate = {
            let conn = self.agents.store.lock();
            let mode = runs::permission_mode(&conn, self.live.run_id)?;
            // A run without a user is matched against the account-level policies (SDK 4.49).
            let scope = users::scope(self.run.settings.user_id.as_deref());
            let pre_approved =
                permissions::is_pre_approved(&conn, self.live.account_id, scope, call.app)?;
            mode == PermissionMode::Approval && !pre_approved
        };
        if !needs_gate {
            return Ok(true);
        }
        let mut input = json!({"action": call.action});
        if let (Some(fields), Some(out)) = (call.input.as_object(), input.as_object_mut()) {
            out.extend(fields.clone());
        }
        Ok(self.gate(call.app, input).await? == GateAnswer::Allow)
    }

    /// Opens a gate, pauses the run on it, and returns the answer.
    async fn gate(&mut self, tool_name: &str, tool_input: Value) -> Result<GateAnswer, Halt> {
        let live = self.live.clone();
        let request_id = format!("perm_{:016x}", rand::random::<u64>());
        // Listen before anyone can learn the id, so an instant answer is never missed.
        let waiter = live.expect_gate(&request_id);
        {
            let conn = self.agents.store.lock();
            gates::open(&conn, live.run_id, &request_id, tool_name, &tool_input)?;
            runs::transition(
                &conn,
                live.run_id,
                &[RunStatus::Running],
                RunStatus::AwaitingApproval,
            )?;
        }
        live.emit(&Self::named(
            stream_event::PERMISSION_REQUEST,
            json!({"request_id": request_id, "tool_name": tool_name, "tool_input": tool_input}),
        ))?;
        live.emit(&Self::named(
            stream_event::AWAITING_APPROVAL,
            json!({"request_id": request_id, "run_id": live.run_id}),
        ))?;
        self.agents.outbound.publish_run(
            &self.agents.store,
            live.run_id,
            WebhookEventName::AwaitingInput,
        );
        let answer = live.wait_gate(waiter).await?;
        runs::transition(
            &self.agents.store.lock(),
            live.run_id,
            &[RunStatus::AwaitingApproval],
            RunStatus::Running,
        )?;
        let decision = match &answer {
            GateAnswer::Allow => decision_name(Decision::Allow).to_owned(),
            GateAnswer::Deny => decision_name(Decision::Deny).to_owned(),
            GateAnswer::Choice(label) => label.clone(),
        };
        live.emit(&Self::named(
            stream_event::PERMISSION_RESOLVED,
            json!({"request_id": request_id, "decision": decision}),
        ))?;
        Ok(answer)
    }
}
