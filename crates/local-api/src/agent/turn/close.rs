//! How a turn ends: its figures, its final status, and the last events of its stream.

use m8tes_protocol::event::{EventKind, RunMetrics};
use serde_json::json;

use super::{Ending, Halt, Turn};
use crate::agent::structured;
use crate::model::{stream_event, RunStatus, WebhookEventName};
use crate::store::runs::{self, Outcome};

impl Turn {
    fn metrics(&self) -> (Outcome, RunMetrics) {
        let message_tokens = 40 + self.output.len() as u64 / 8;
        let output_tokens = 1 + self.output.len() as u64 / 4;
        let cost = message_tokens as f64 * 0.000003 + output_tokens as f64 * 0.000015;
        // Simulated time: what the turn takes at realistic speed, so the same input always
        // reports the same figures.
        let execution_ms = self.deltas as u64 * 45 + self.tool_calls as u64 * 400;
        let outcome = Outcome {
            status: RunStatus::Completed,
            output: self.output.clone(),
            input_tokens: message_tokens,
            output_tokens,
            cost_usd: format!("{cost:.6}"),
            duration_ms: execution_ms,
            error: None,
            error_code: None,
            output_data: self
                .run
                .settings
                .output_schema
                .as_ref()
                .map(|schema| structured::produce(schema, &self.output)),
        };
        let metrics = RunMetrics {
            execution_time_ms: Some(execution_ms as f64),
            input_tokens_used: Some(message_tokens as f64),
            output_tokens_used: Some(output_tokens as f64),
            claude_token_cost_usd: Some((cost * 1e6).round() / 1e6),
            stop_reason: Some("end_turn".into()),
            completion_state: Some("complete".into()),
            unresolved_tool_use_ids: Vec::new(),
        };
        (outcome, metrics)
    }

    /// Writes the turn's end and its reply to the transcript, unless something else ended
    /// the run first.
    fn finish(&self, outcome: &Outcome) -> rusqlite::Result<bool> {
        let conn = self.agents.store.lock();
        let finished = runs::finish(&conn, self.live.run_id, outcome)?;
        if finished && !self.output.is_empty() {
            runs::add_message(&conn, self.live.run_id, self.live.turn, "assistant", &self.output)?;
        }
        Ok(finished)
    }

    /// Records how the turn ended and sends its last events. Status first, then the events,
    /// so a client that saw the stream end reads the final status.
    pub(super) fn close(&mut self, result: Result<Ending, Halt>) -> rusqlite::Result<()> {
        let run_id = self.live.run_id;
        let (mut outcome, metrics) = self.metrics();
        let db = self.agents.store.clone();
        match result {
            Ok(ending) => {
                if let Ending::Failed { error, code } = &ending {
                    outcome.status = RunStatus::Failed;
                    outcome.error = Some(error.clone());
                    outcome.error_code = Some(code.clone());
                    outcome.output_data = None;
                }
                if self.finish(&outcome)? {
                    match ending {
                        Ending::Completed => {
                            self.live.emit(&Self::event(EventKind::RunMetrics(metrics)))?;
                            self.agents.outbound.publish_run(
                                &db,
                                run_id,
                                WebhookEventName::Completed,
                            );
                        }
                        Ending::Failed { error, code } => {
                            self.live.emit(&Self::event(EventKind::Error {
                                error,
                                error_code: Some(code),
                            }))?;
                            self.agents.outbound.publish_run(&db, run_id, WebhookEventName::Failed);
                        }
                    }
                    return self.live.emit_done();
                }
                // Something else ended the run first (a cancel, the server stopping).
                self.close_stopped()
            }
            Err(Halt::Stopped) => self.close_stopped(),
            Err(Halt::Store(error)) => {
                eprintln!("m8tes-local: run {run_id}: store failure: {error}");
                let message = "the local store failed during the run; see the server log";
                runs::fail(&db.lock(), run_id, message, "store_error")?;
                self.agents.outbound.publish_run(&db, run_id, WebhookEventName::Failed);
                self.live.emit(&Self::event(EventKind::Error {
                    error: message.into(),
                    error_code: Some("store_error".into()),
                }))?;
                self.live.emit_done()
            }
        }
    }

    /// The run was cancelled or failed from outside; the stream says which.
    fn close_stopped(&mut self) -> rusqlite::Result<()> {
        let run_id = self.live.run_id;
        let row = {
            let conn = self.agents.store.lock();
            runs::set_partial_output(&conn, run_id, &self.output)?;
            if !self.output.is_empty() {
                runs::add_message(&conn, run_id, self.live.turn, "assistant", &self.output)?;
            }
            runs::get(&conn, run_id)?
        };
        match row {
            Some(row) if row.status == RunStatus::Cancelled => {
                self.live.emit(&Self::named(stream_event::CANCELLED, json!({"run_id": run_id})))
            }
            Some(row) => {
                self.live.emit(&Self::event(EventKind::Error {
                    error: row.error.unwrap_or_else(|| runs::STOPPED_ERROR.into()),
                    error_code: row.error_code,
                }))?;
                self.live.emit_done()
            }
            None => Ok(()),
        }
    }
}
