//! The simulated agent runtime: which runs are executing, starting, cancelling and steering
//! their turns, and ending them all when the server stops. It works on the store and never
//! on HTTP: its refusals are its own types, which `http/error.rs` words.

pub mod app_data;
pub mod app_seed;
pub mod gates;
pub mod launch;
pub mod lessons;
pub mod live;
pub mod prompt;
pub mod queue;
pub mod retry;
pub mod script;
pub mod speech;
pub mod structured;
pub mod turn;

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use live::{LiveRun, Stop};
use tokio_util::sync::CancellationToken;

use crate::config::{Config, Speed};
use crate::model::{RunStatus, WebhookEventName};
use crate::store::gates as gate_rows;
use crate::store::run_queue;
use crate::store::runs::{self, RunRow};
use crate::store::Store;
use crate::webhooks::Outbound;

/// The simulated runtime: what its turns work with (the store, outbound webhooks, their
/// speed, where files go) and the turns executing now, by run id.
pub struct Agents {
    store: Store,
    outbound: Outbound,
    speed: Speed,
    data_dir: Option<PathBuf>,
    live: Mutex<HashMap<i64, Arc<LiveRun>>>,
    /// Runs of one account executing at once (`Config::max_live_runs`).
    max_live_runs: usize,
    /// The server's stop signal: once cancelled, no new turn starts.
    shutdown: CancellationToken,
}

/// Refused: the server is stopping, so no new turn starts.
#[derive(Debug)]
pub struct Stopping;

/// Refused: the account already has `limit` runs executing.
#[derive(Debug)]
pub struct TooManyLiveRuns {
    pub limit: usize,
}

impl Agents {
    pub fn new(
        store: Store,
        outbound: Outbound,
        config: &Config,
        shutdown: CancellationToken,
    ) -> Self {
        Agents {
            store,
            outbound,
            speed: config.speed,
            data_dir: config.data_dir.clone(),
            live: Mutex::default(),
            max_live_runs: config.max_live_runs,
            shutdown,
        }
    }

    fn runs(&self) -> MutexGuard<'_, HashMap<i64, Arc<LiveRun>>> {
        self.live.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The executing turn of `run_id`, if any.
    pub fn live(&self, run_id: i64) -> Option<Arc<LiveRun>> {
        self.runs().get(&run_id).cloned()
    }

    pub fn live_count(&self) -> usize {
        self.runs().len()
    }

    /// Whether `account_id` may start another run now. Checked before a run is made, so a
    /// refused request leaves nothing behind; two racing requests may overshoot by one each.
    pub fn admit(&self, account_id: i64) -> Result<(), TooManyLiveRuns> {
        let executing = self.runs().values().filter(|run| run.account_id == account_id).count();
        if executing >= self.max_live_runs {
            return Err(TooManyLiveRuns { limit: self.max_live_runs });
        }
        Ok(())
    }

    pub fn is_stopping(&self) -> bool {
        self.shutdown.is_cancelled()
    }

    /// Starts the current turn of `run` (its row already says `running`) in the background.
    pub fn start_turn(
        self: &Arc<Self>,
        run: RunRow,
        message: String,
    ) -> Result<Arc<LiveRun>, rusqlite::Error> {
        let live = LiveRun::new(self.store.clone(), run.id, run.settings.account_id, run.turn)?;
        self.runs().insert(run.id, live.clone());
        if self.is_stopping() {
            // Raced with a stop: this turn ends at its first step like every other.
            live.stop(Stop::ServerStopping);
        }
        tokio::spawn(turn::run_turn(self.clone(), live.clone(), run, message));
        Ok(live)
    }

    /// Cancels an executing run: its status, its open gates, its turn, then the
    /// `run.cancelled` webhook. `None` when the run had already finished.
    pub fn cancel(&self, run_id: i64) -> rusqlite::Result<Option<RunRow>> {
        let run = {
            let conn = self.store.lock();
            if !runs::transition(&conn, run_id, &RunStatus::ACTIVE, RunStatus::Cancelled)? {
                return Ok(None);
            }
            gate_rows::cancel_open(&conn, run_id)?;
            run_queue::cancel_pending(&conn, run_id)?;
            runs::get(&conn, run_id)?
        };
        if let Some(live) = self.live(run_id) {
            live.stop(Stop::Cancelled);
        }
        self.outbound.publish_run(&self.store, run_id, WebhookEventName::Cancelled);
        Ok(run)
    }

    /// Called by a turn once its streams are closed. A reply may already have registered
    /// the run's next turn, which stays.
    pub fn forget(&self, turn: &Arc<LiveRun>) {
        let mut runs = self.runs();
        if runs.get(&turn.run_id).is_some_and(|current| Arc::ptr_eq(current, turn)) {
            runs.remove(&turn.run_id);
        }
    }

    /// Fails every executing run ("the server stopped while the run was in flight"), stops
    /// its turn, and waits (a few seconds at most) for their streams to close.
    pub async fn stop_all(&self) {
        self.shutdown.cancel();
        let live: Vec<Arc<LiveRun>> = self.runs().values().cloned().collect();
        for run in &live {
            let failed = runs::fail(
                &self.store.lock(),
                run.run_id,
                runs::STOPPED_ERROR,
                runs::STOPPED_ERROR_CODE,
            );
            match failed {
                // Queued now, sent after the next start if the worker has already stopped.
                Ok(true) => {
                    self.outbound.publish_run(&self.store, run.run_id, WebhookEventName::Failed)
                }
                Ok(false) => {}
                Err(error) => {
                    tracing::warn!("run {}: cannot mark it failed: {error}", run.run_id)
                }
            }
            run.stop(Stop::ServerStopping);
        }
        let deadline = tokio::time::Instant::now() + Duration::from_secs(5);
        while self.live_count() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    }

    /// At start: a run a previous process left executing can never finish; fail it, and tell
    /// its subscribers (`run.failed`), as a stop would have.
    pub fn fail_orphans(&self) -> rusqlite::Result<Vec<i64>> {
        let failed = runs::fail_orphans(&self.store.lock())?;
        for &run_id in &failed {
            self.outbound.publish_run(&self.store, run_id, WebhookEventName::Failed);
        }
        Ok(failed)
    }
}
