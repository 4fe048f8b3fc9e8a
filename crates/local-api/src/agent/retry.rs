//! `POST /runs/{id}/retry` (wire.md §10.6): a failed or cancelled run started again as a new
//! run with the same settings and first message, linked both ways. A run that already acted
//! (called a tool) is retried only with `confirm`, since the retry may act again.

use std::sync::Arc;

use super::launch::{self, StartError};
use super::{Agents, TooManyLiveRuns};
use crate::store::run_wire::retry_blocked_reason;
use crate::store::runs::{self, RunRow};
use crate::store::{run_marks, run_transcript};

/// Why a run is not retried.
#[derive(Debug)]
pub enum RetryRefusal {
    /// Only a failed or cancelled run is retried; the reason names why not.
    NotRetryable {
        run_id: i64,
        reason: &'static str,
    },
    /// The run called tools; the retry may repeat them.
    NeedsConfirmation {
        run_id: i64,
        tool_calls: i64,
    },
    TooMany(TooManyLiveRuns),
    Start(StartError),
}

impl From<rusqlite::Error> for RetryRefusal {
    fn from(error: rusqlite::Error) -> Self {
        RetryRefusal::Start(StartError::Store(error))
    }
}

/// Retries `run`: the retry already executing if there is one, else a new run, started.
pub fn retry(agents: &Arc<Agents>, run: &RunRow, confirm: bool) -> Result<RunRow, RetryRefusal> {
    if let Some(reason) = retry_blocked_reason(run) {
        return Err(RetryRefusal::NotRetryable { run_id: run.id, reason });
    }
    let (retry, message) = {
        let conn = agents.store.lock();
        if let Some(existing) = run.marks.retried_by_run_id {
            if let Some(existing) = runs::get(&conn, existing)?.filter(RunRow::is_active) {
                return Ok(existing);
            }
        }
        if run.marks.tool_calls > 0 && !confirm {
            return Err(RetryRefusal::NeedsConfirmation {
                run_id: run.id,
                tool_calls: run.marks.tool_calls,
            });
        }
        agents.admit(run.settings.account_id).map_err(RetryRefusal::TooMany)?;
        let message = run_transcript::first_user_message(&conn, run.id)?.unwrap_or_default();
        let tx = conn.unchecked_transaction()?;
        let id = runs::insert(&tx, &run.settings, &message)?;
        run_marks::link_retry(&tx, run.id, id, run.marks.retry_count + 1)?;
        tx.commit()?;
        (run_marks::reread(&conn, id)?, message)
    };
    launch::start(agents, retry.clone(), message).map_err(RetryRefusal::Start)?;
    Ok(retry)
}
