//! Replies queued behind an executing turn (wire.md §10.4): when a turn ends, the oldest
//! waiting reply re-opens the run as its next turn, exactly as a reply to a finished run does.

use std::sync::Arc;

use super::Agents;
use crate::model::WebhookEventName;
use crate::store::{run_queue, runs};

/// Starts the next queued reply of `run_id` as its next turn, if one waits and the run is
/// not executing (a direct reply may have re-opened it first: that turn's end delivers it).
pub fn deliver_next(agents: &Arc<Agents>, run_id: i64) -> rusqlite::Result<()> {
    if agents.is_stopping() {
        return Ok(());
    }
    let (run, message) = {
        let conn = agents.store.lock();
        let Some((queued_id, message)) = run_queue::next_pending(&conn, run_id)? else {
            return Ok(());
        };
        let tx = conn.unchecked_transaction()?;
        if runs::reopen(&tx, run_id, &message)?.is_none() {
            return Ok(());
        }
        run_queue::mark_delivered(&tx, queued_id)?;
        tx.commit()?;
        let Some(run) = runs::get(&conn, run_id)? else { return Ok(()) };
        (run, message)
    };
    agents.outbound.publish_run(&agents.store, run_id, WebhookEventName::Started);
    agents.start_turn(run, message)?;
    Ok(())
}
