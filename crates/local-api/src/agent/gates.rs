//! What a person's answers do to a run's gates beyond recording them.

use m8tes_protocol::types::{Approval, Decision, JsonObject, PermissionRequest, QUESTION_TOOL};
use serde_json::Value;

use super::live::GateAnswer;
use super::Agents;
use crate::model::{GateStatus, PermissionMode, RunStatus};
use crate::store::gates::{self, GateRow};
use crate::store::runs::RunRow;
use crate::store::{permissions, runs, users, StoreError};

/// Why a gate could not take an answer (the HTTP layer words each as wire.md §9.5 codes it).
#[derive(Debug)]
pub enum GateRefusal {
    /// The run has no permission request with this id.
    NotFound(String),
    /// A question gate, to be answered rather than approved.
    IsQuestion,
    /// The gate is no longer pending.
    Closed {
        status: GateStatus,
        request_id: String,
    },
    /// The run is not executing, so it waits on no gate.
    NotActive {
        run_id: i64,
    },
    /// The run waits for no answer to a question.
    NotAwaitingInput {
        run_id: i64,
        status: RunStatus,
    },
    /// The answer does not fit the question.
    Invalid(String),
    Store(StoreError),
}

impl From<rusqlite::Error> for GateRefusal {
    fn from(error: rusqlite::Error) -> Self {
        GateRefusal::Store(StoreError::Sqlite(error))
    }
}

impl From<StoreError> for GateRefusal {
    fn from(error: StoreError) -> Self {
        GateRefusal::Store(error)
    }
}

/// What an approve did: the gate as it now stands, whether this decision resumed the run
/// (a repeat resumes nothing), and whether an always-allow policy was stored (SDK 4.49's
/// `resumed` and `remembered`).
pub struct Approved {
    pub gate: GateRow,
    pub resumed: bool,
    pub remembered: bool,
}

/// Allows or denies the tool call `approval.request_id` of `run` waits on, and hands the
/// decision to its turn. `remember` with an allow pre-approves the tool for the run's user, or
/// for the account when the run has none.
///
/// A repeat of the decision the gate already has is answered like the first (SDK 4.49:
/// "re-sending the SAME decision is idempotent"), and may add `remember`; the other decision
/// on a closed gate is refused. The gate's state is read before the run's, so a contradicted
/// decision on a finished run is never reported as the benign `run_not_active`.
pub fn approve(
    agents: &Agents,
    run: &RunRow,
    approval: &Approval,
) -> Result<Approved, GateRefusal> {
    let wanted = GateStatus::of_decision(approval.decision);
    let (gate, remembered) = {
        let conn = agents.store.lock();
        let gate = gates::find(&conn, run.id, &approval.request_id)?
            .ok_or_else(|| GateRefusal::NotFound(approval.request_id.clone()))?;
        if gate.tool_name == QUESTION_TOOL {
            return Err(GateRefusal::IsQuestion);
        }
        if gate.status == wanted {
            let remembered = remember(&conn, run, approval, &gate)?;
            return Ok(Approved { gate, resumed: false, remembered });
        }
        if gate.status != GateStatus::Pending {
            return Err(GateRefusal::Closed { status: gate.status, request_id: gate.request_id });
        }
        if !run.is_active() || agents.live(run.id).is_none() {
            return Err(GateRefusal::NotActive { run_id: run.id });
        }
        if !gates::resolve(&conn, &gate.request_id, wanted, None)? {
            // Decided by another request between the read and the write.
            let now = gates::find(&conn, run.id, &gate.request_id)?.unwrap_or(gate);
            if now.status == wanted {
                let remembered = remember(&conn, run, approval, &now)?;
                return Ok(Approved { gate: now, resumed: false, remembered });
            }
            return Err(GateRefusal::Closed { status: now.status, request_id: now.request_id });
        }
        let remembered = remember(&conn, run, approval, &gate)?;
        (gates::find(&conn, run.id, &gate.request_id)?.unwrap_or(gate), remembered)
    };
    let answer = match approval.decision {
        Decision::Allow => GateAnswer::Allow,
        Decision::Deny => GateAnswer::Deny,
    };
    let resumed = match agents.live(run.id) {
        Some(live) => {
            live.answer_gate(&gate.request_id, answer);
            true
        }
        None => false,
    };
    Ok(Approved { gate, resumed, remembered })
}

/// An allow with `remember` pre-approves the tool for the run's end user, or the account's
/// scope for a run without one (never removed by a later repeat without it). Answers whether
/// a policy now stands.
fn remember(
    conn: &rusqlite::Connection,
    run: &RunRow,
    approval: &Approval,
    gate: &GateRow,
) -> Result<bool, GateRefusal> {
    if !(approval.remember && approval.decision == Decision::Allow) {
        return Ok(false);
    }
    let scope = run.settings.user_id.as_deref().unwrap_or(users::ACCOUNT_SCOPE);
    permissions::allow(conn, run.settings.account_id, scope, &gate.tool_name)?;
    Ok(true)
}

/// A question named by `request_id` that is no longer pending: the same answers again are
/// answered like the first (nothing resumes twice), others are refused as for approve.
fn answered_before(
    conn: &rusqlite::Connection,
    run: &RunRow,
    request_id: &str,
    answers: &JsonObject,
) -> Result<Option<bool>, GateRefusal> {
    let gate = gates::find(conn, run.id, request_id)?
        .ok_or_else(|| GateRefusal::NotFound(request_id.to_owned()))?;
    if gate.tool_name != QUESTION_TOOL {
        return Err(GateRefusal::Invalid(
            "this request is a tool call: approve or deny it with POST /runs/{id}/approve".into(),
        ));
    }
    match gate.status {
        GateStatus::Pending => Ok(None),
        GateStatus::Resolved
            if gates::answer_of(conn, request_id)?.as_ref()
                == Some(&Value::Object(answers.clone())) =>
        {
            Ok(Some(false))
        }
        status => Err(GateRefusal::Closed { status, request_id: gate.request_id }),
    }
}

/// Answers the question `run` waits on (the one named, or the first pending) with the option
/// `answers` picks, and hands it to its turn; whether the turn took it.
pub fn answer(
    agents: &Agents,
    run: &RunRow,
    request_id: Option<&str>,
    answers: &JsonObject,
) -> Result<bool, GateRefusal> {
    let (request_id, choice) = {
        let conn = agents.store.lock();
        if let Some(wanted) = request_id {
            if let Some(resumed) = answered_before(&conn, run, wanted, answers)? {
                return Ok(resumed);
            }
        }
        let gate = gates::of_run(&conn, run.id)?
            .into_iter()
            .filter(|g| g.tool_name == QUESTION_TOOL && g.status == GateStatus::Pending)
            .find(|g| request_id.is_none_or(|wanted| wanted == g.request_id))
            .filter(|_| run.is_active() && agents.live(run.id).is_some())
            .ok_or(GateRefusal::NotAwaitingInput { run_id: run.id, status: run.status })?;
        let choice = chosen_label(&gate.to_wire(), answers)?;
        let answered = Value::Object(answers.clone());
        if !gates::resolve(&conn, &gate.request_id, GateStatus::Resolved, Some(&answered))? {
            return Err(GateRefusal::Closed {
                status: GateStatus::Resolved,
                request_id: gate.request_id,
            });
        }
        (gate.request_id, choice)
    };
    Ok(agents
        .live(run.id)
        .is_some_and(|live| live.answer_gate(&request_id, GateAnswer::Choice(choice))))
}

/// The option picked for the gate's first question, keyed by its text or its header (D14,
/// wire.md §9.5); a label that is not one of the options is refused.
fn chosen_label(gate: &PermissionRequest, answers: &JsonObject) -> Result<String, GateRefusal> {
    let questions = gate.questions();
    let Some(question) = questions.first() else {
        return Err(GateRefusal::Invalid("this request has no questions".into()));
    };
    let given = answers
        .get(&question.question)
        .or_else(|| answers.get(&question.header))
        .and_then(Value::as_str)
        .ok_or_else(|| {
            GateRefusal::Invalid(format!(
                "answers has no answer for {:?} (key it by the question text or its header)",
                question.question
            ))
        })?;
    let labels: Vec<&str> = question.options.iter().map(|o| o.label.as_str()).collect();
    labels
        .iter()
        .find(|label| label.eq_ignore_ascii_case(given.trim()))
        .map(|label| (*label).to_owned())
        .ok_or_else(|| {
            GateRefusal::Invalid(format!("{given:?} is not an option; choose one of {labels:?}"))
        })
}

/// Switches the run's permission mode. Going autonomous approves the tool requests waiting
/// now (wire.md §3); a question still waits for its answer.
pub fn switch_permission_mode(
    agents: &Agents,
    run_id: i64,
    mode: PermissionMode,
) -> rusqlite::Result<()> {
    let released = {
        let conn = agents.store.lock();
        runs::set_permission_mode(&conn, run_id, mode)?;
        let mut released = Vec::new();
        if mode.is_autonomous() {
            for gate in gates::of_run(&conn, run_id)? {
                if gate.status == GateStatus::Pending
                    && gate.tool_name != QUESTION_TOOL
                    && gates::resolve(&conn, &gate.request_id, GateStatus::Allowed, None)?
                {
                    released.push(gate.request_id);
                }
            }
        }
        released
    };
    if let Some(live) = agents.live(run_id) {
        for request_id in released {
            live.answer_gate(&request_id, GateAnswer::Allow);
        }
    }
    Ok(())
}
