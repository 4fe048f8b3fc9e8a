//! What a person's answers do to a run's gates beyond recording them.

use m8tes_protocol::types::QUESTION_TOOL;

use super::live::GateAnswer;
use super::Agents;
use crate::model::{GateStatus, PermissionMode};
use crate::store::{gates, runs};

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
