//! Fires schedule triggers (wire.md §2.4): every tick, each enabled trigger whose `next_run`
//! has passed starts a run of its task and is re-armed with `schedule::next_run`. A trigger
//! that came due while the server was down fires once, not once per missed slot.

use std::time::Duration;

use chrono::Utc;
use serde_json::Value;

use crate::agent::launch::{self, TaskRunOptions};
use crate::schedule;
use crate::state::AppState;
use crate::store::{tasks, teammates, triggers};

/// How often due triggers are looked for; well under the shortest interval (1 s).
const TICK: Duration = Duration::from_millis(200);

/// Runs until the server stops.
pub fn spawn(state: AppState) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        while !state.shutdown.is_cancelled() {
            if let Err(error) = fire_due(&state) {
                eprintln!("m8tes-local: scheduler: {error}");
            }
            tokio::time::sleep(TICK).await;
        }
    })
}

/// Starts a run for every trigger due now; returns how many fired.
pub fn fire_due(state: &AppState) -> rusqlite::Result<usize> {
    let now = Utc::now();
    let due = triggers::due(&state.store.lock(), now)?;
    let mut fired = 0;
    for trigger in due {
        // At its account's live-run limit a schedule waits, unclaimed, for a later tick.
        if state.agents.admit(trigger.account_id).is_err() {
            continue;
        }
        // A one-time schedule fires once and is spent.
        let next = match trigger.run_at {
            Some(_) => None,
            None => schedule::next_run(
                trigger.cron.as_deref(),
                trigger.interval_seconds,
                &trigger.timezone,
                now,
            ),
        };
        let started = {
            let conn = state.store.lock();
            // Re-checked as it is claimed: a trigger deleted or disabled since the select
            // above does not fire.
            let claimed = triggers::claim(&conn, trigger.id, now, next)?;
            let task = tasks::info(&conn, trigger.account_id, trigger.task_id)?
                .filter(|task| claimed && !task.is_archived());
            match task {
                Some(task) => {
                    let teammate = teammates::info(&conn, task.account_id, task.teammate_id)?;
                    let mut options = TaskRunOptions::triggered(None, "schedule");
                    if let Some(metadata) = options.metadata.as_mut() {
                        metadata.insert("trigger_id".into(), Value::from(trigger.id));
                    }
                    Some(launch::insert_task_run(&conn, &task, teammate.as_ref(), &options)?)
                }
                None => None,
            }
        };
        if let Some((run, message)) = started {
            match launch::start(&state.agents, run, message) {
                Ok(_) => fired += 1,
                Err(launch::StartError::Store(error)) => return Err(error),
                Err(launch::StartError::Stopping(_)) => break,
            }
        }
    }
    Ok(fired)
}
