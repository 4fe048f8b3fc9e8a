//! One executing turn of a run: its event log (stored, then broadcast to live streams), the
//! gate it may wait on, and the signal that stops it (a cancel, or the server stopping).
//!
//! Every payload is written to `run_events` before it is broadcast, under one lock, so a
//! stream that subscribes and reads the stored history under the same lock sees every event
//! exactly once: the stored ones first, then the live ones with a higher `seq`.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use m8tes_protocol::event::RunEvent;
use serde_json::Value;
use tokio::sync::{broadcast, oneshot, watch};

use crate::store::{run_events, Store};

/// What a live stream receives.
#[derive(Debug, Clone)]
pub enum Frame {
    /// One stored payload (a JSON object's text, or `[DONE]`).
    Event { seq: i64, payload: Arc<str> },
    /// The turn is over; the stream ends.
    End,
}

/// Why a turn stopped before its end.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stop {
    Cancelled,
    ServerStopping,
}

/// How a person answered a gate.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GateAnswer {
    Allow,
    Deny,
    /// The chosen option label of a question gate.
    Choice(String),
}

struct Log {
    next_seq: i64,
    ended: bool,
}

/// The receiving end of a gate announced with [`LiveRun::expect_gate`].
pub struct GateWaiter(oneshot::Receiver<GateAnswer>);

struct PendingGate {
    request_id: String,
    answer: oneshot::Sender<GateAnswer>,
}

pub struct LiveRun {
    pub run_id: i64,
    pub account_id: i64,
    pub turn: i64,
    store: Store,
    log: Mutex<Log>,
    frames: broadcast::Sender<Frame>,
    stop: watch::Sender<Option<Stop>>,
    gate: Mutex<Option<PendingGate>>,
}

/// What a new stream starts from: the stored payloads of this turn, then live frames.
pub struct Subscription {
    pub history: Vec<(i64, String)>,
    pub ended: bool,
    pub frames: broadcast::Receiver<Frame>,
    pub live: Arc<LiveRun>,
}

fn relock<T>(mutex: &Mutex<T>) -> MutexGuard<'_, T> {
    mutex.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

impl LiveRun {
    pub fn new(db: Store, run_id: i64, account_id: i64, turn: i64) -> rusqlite::Result<Arc<Self>> {
        let next_seq = run_events::next_seq(&db.lock(), run_id)?;
        // Room for a whole slow consumer's backlog; a stream that still lags re-reads the store.
        let (frames, _) = broadcast::channel(1024);
        let (stop, _) = watch::channel(None);
        Ok(Arc::new(LiveRun {
            run_id,
            account_id,
            turn,
            store: db,
            log: Mutex::new(Log { next_seq, ended: false }),
            frames,
            stop,
            gate: Mutex::new(None),
        }))
    }

    /// Stores and broadcasts one event.
    pub fn emit(&self, event: &RunEvent) -> rusqlite::Result<()> {
        self.emit_payload(&Value::Object(event.to_wire()).to_string())
    }

    /// Stores and broadcasts the stream's last payload, `[DONE]`.
    pub fn emit_done(&self) -> rusqlite::Result<()> {
        self.emit_payload("[DONE]")
    }

    fn emit_payload(&self, payload: &str) -> rusqlite::Result<()> {
        let mut log = relock(&self.log);
        if log.ended {
            return Ok(());
        }
        let seq = log.next_seq;
        run_events::insert(&self.store.lock(), self.run_id, seq, self.turn, payload)?;
        log.next_seq += 1;
        // No receiver is fine: nobody is watching this run right now.
        let _ = self.frames.send(Frame::Event { seq, payload: payload.into() });
        Ok(())
    }

    /// Ends every stream of this turn; later emits are dropped.
    pub fn end(&self) {
        let mut log = relock(&self.log);
        log.ended = true;
        let _ = self.frames.send(Frame::End);
    }

    pub fn subscribe(self: &Arc<Self>) -> rusqlite::Result<Subscription> {
        let log = relock(&self.log);
        let frames = self.frames.subscribe();
        let history = self.stored_after(0)?;
        Ok(Subscription { history, ended: log.ended, frames, live: self.clone() })
    }

    /// This turn's stored payloads with `seq` above `after`, for a replay or a lagging stream.
    pub fn stored_after(&self, after: i64) -> rusqlite::Result<Vec<(i64, String)>> {
        run_events::of_turn(&self.store.lock(), self.run_id, self.turn, after)
    }

    /// Asks the turn to stop at its next step.
    pub fn stop(&self, why: Stop) {
        self.stop.send_if_modified(|current| {
            if current.is_none() {
                *current = Some(why);
                true
            } else {
                false
            }
        });
    }

    pub fn stopped(&self) -> Option<Stop> {
        *self.stop.borrow()
    }

    /// `Err` when the turn has been asked to stop.
    pub fn check(&self) -> Result<(), Stop> {
        self.stopped().map_or(Ok(()), Err)
    }

    /// Waits `duration` unless the turn is stopped first.
    pub async fn pause(&self, duration: Duration) -> Result<(), Stop> {
        self.check()?;
        if duration.is_zero() {
            return Ok(());
        }
        let mut stop = self.stop.subscribe();
        tokio::select! {
            () = tokio::time::sleep(duration) => self.check(),
            _ = stop.wait_for(Option::is_some) => self.check(),
        }
    }

    /// Starts listening for the answer to gate `request_id`, before the gate is announced.
    pub fn expect_gate(&self, request_id: &str) -> GateWaiter {
        let (answer, answered) = oneshot::channel();
        *relock(&self.gate) = Some(PendingGate { request_id: request_id.into(), answer });
        GateWaiter(answered)
    }

    /// Waits for the gate's answer (or a stop).
    pub async fn wait_gate(&self, waiter: GateWaiter) -> Result<GateAnswer, Stop> {
        let mut stop = self.stop.subscribe();
        let outcome = tokio::select! {
            answer = waiter.0 => answer.map_err(|_| Stop::ServerStopping),
            _ = stop.wait_for(Option::is_some) => Err(self.stopped().unwrap_or(Stop::Cancelled)),
        };
        *relock(&self.gate) = None;
        outcome
    }

    /// Hands an answer to the turn waiting on `request_id`; false if it waits on nothing.
    pub fn answer_gate(&self, request_id: &str, answer: GateAnswer) -> bool {
        let mut gate = relock(&self.gate);
        match gate.take() {
            Some(pending) if pending.request_id == request_id => {
                pending.answer.send(answer).is_ok()
            }
            other => {
                *gate = other;
                false
            }
        }
    }
}
