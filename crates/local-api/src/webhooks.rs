//! Outbound webhooks (D10, D11): run events POSTed, signed, to the endpoints that subscribe to
//! them. Each (endpoint, event) is a `webhook_deliveries` row holding the exact body, so a
//! retry sends the same bytes under the same `Webhook-Id`; a worker sends what is due and
//! retries failures with exponential backoff (by default 1 s, 2 s, 4 s, 8 s: five attempts at
//! most).
//! Rows outlive a restart, so pending deliveries resume when the server starts again.

use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use m8tes_protocol::types::WebhookEvent;
use m8tes_protocol::webhook_signature::sign;
use rusqlite::Connection;
use tokio::sync::Notify;
use tokio_util::sync::CancellationToken;

use crate::clock;
use crate::delivery_client::{self, Failure};
use crate::model::{DeliveryStatus, WebhookEventName};
use crate::store::deliveries::{self, Attempt, Due, NewDelivery};
use crate::store::Store;
use crate::store::{runs, webhooks};

/// Attempts before a delivery is marked `failed`.
pub const MAX_ATTEMPTS: i64 = 5;
/// How much of a receiver's answer a delivery row keeps.
const RESPONSE_BODY_LIMIT: usize = 1024;
/// How long an attempt holds its row before the worker may pick it up again.
const LEASE: chrono::Duration = chrono::Duration::seconds(60);
/// No retry waits longer, whatever the configured base.
const MAX_BACKOFF: Duration = Duration::from_secs(3600);
/// The worker looks for due retries at least this often.
const TICK: Duration = Duration::from_millis(200);

#[derive(Clone)]
pub struct Outbound {
    wake: Arc<Notify>,
    http: reqwest::Client,
    /// The wait before the first retry (`Config::webhook_retry_base`).
    retry_base: Duration,
    /// Unsent deliveries one endpoint may have (`Config::max_pending_deliveries`).
    max_pending: usize,
}

impl Outbound {
    /// `Err` says why `ca_file` (extra PEM roots for https receivers) cannot be used.
    pub fn new(
        retry_base: Duration,
        max_pending: usize,
        ca_file: Option<&std::path::Path>,
    ) -> Result<Self, String> {
        let http = delivery_client::build(ca_file)?;
        Ok(Outbound { wake: Arc::new(Notify::new()), http, retry_base, max_pending })
    }

    /// Queues `event` about run `run_id` for every active endpoint of its account subscribed
    /// to it. Failures are logged: a webhook problem never fails the run.
    pub fn publish_run(&self, db: &Store, run_id: i64, event: WebhookEventName) {
        let queued = (|| -> rusqlite::Result<usize> {
            let conn = db.lock();
            let Some(run) = runs::get(&conn, run_id)? else { return Ok(0) };
            let account_id = run.settings.account_id;
            let run = run.to_wire();
            let endpoints = webhooks::subscribed(&conn, account_id, run.user_id.as_deref(), event)?;
            enqueue(&conn, account_id, &endpoints, event, run, self.max_pending)
        })();
        match queued {
            Ok(0) => {}
            Ok(_) => self.wake.notify_one(),
            Err(error) => {
                eprintln!("m8tes-local: cannot queue {} for run {run_id}: {error}", event.as_str())
            }
        }
    }

    /// Sends due deliveries until the server stops.
    pub fn spawn_worker(
        &self,
        db: Store,
        shutdown: CancellationToken,
    ) -> tokio::task::JoinHandle<()> {
        let outbound = self.clone();
        tokio::spawn(async move {
            while !shutdown.is_cancelled() {
                match take_due(&db) {
                    Ok(due) => {
                        for delivery in due {
                            let (db, http) = (db.clone(), outbound.http.clone());
                            let base = outbound.retry_base;
                            tokio::spawn(async move { attempt(&db, &http, base, delivery).await });
                        }
                    }
                    Err(error) => eprintln!("m8tes-local: webhook deliveries: {error}"),
                }
                let _ = tokio::time::timeout(TICK, outbound.wake.notified()).await;
            }
        })
    }
}

fn enqueue(
    conn: &Connection,
    account_id: i64,
    endpoints: &[i64],
    event: WebhookEventName,
    run: m8tes_protocol::types::Run,
    max_pending: usize,
) -> rusqlite::Result<usize> {
    let now = clock::now_iso();
    let mut queued = 0;
    for &endpoint_id in endpoints {
        // A receiver that never answers (or one that loops back here) must not grow the store
        // without bound: past the backlog limit its new events are dropped, and said so.
        if deliveries::pending_count(conn, endpoint_id)? >= max_pending {
            eprintln!(
                "m8tes-local: webhook {endpoint_id} has {max_pending} unsent deliveries; {} for \
                 run {} is dropped",
                event.as_str(),
                run.id
            );
            continue;
        }
        queued += 1;
        let body = WebhookEvent {
            event_id: format!("evt_{:016x}{:08x}", rand::random::<u64>(), rand::random::<u32>()),
            event: event.as_str().into(),
            created_at: now.clone(),
            run_id: run.id,
            data: run.clone(),
        };
        let payload = serde_json::to_string(&body)
            .map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        let delivery = NewDelivery {
            endpoint_id,
            account_id,
            event,
            event_id: &body.event_id,
            run_id: run.id,
            payload: &payload,
            created_at: &now,
        };
        deliveries::insert(conn, &delivery)?;
    }
    Ok(queued)
}

/// Claims the deliveries whose attempt is due (leasing them so no other tick takes them).
fn take_due(db: &Store) -> rusqlite::Result<Vec<Due>> {
    deliveries::take_due(&db.lock(), &clock::iso(Utc::now() + LEASE))
}

/// The wait after `attempts_made` failed attempts: `base`, then doubling (1 s, 2 s, 4 s, 8 s
/// for the default base of a second).
pub fn backoff(base: Duration, attempts_made: i64) -> chrono::Duration {
    let wait = base.saturating_mul(1 << (attempts_made - 1).clamp(0, 10)).min(MAX_BACKOFF);
    chrono::Duration::from_std(wait).unwrap_or(chrono::Duration::hours(1))
}

async fn attempt(db: &Store, http: &reqwest::Client, retry_base: Duration, delivery: Due) {
    let timestamp = Utc::now().timestamp().to_string();
    let signature =
        sign(&delivery.secret, &delivery.event_id, &timestamp, delivery.payload.as_bytes());
    let sent = http
        .post(&delivery.url)
        .header("content-type", "application/json")
        .header("webhook-id", &delivery.event_id)
        .header("webhook-timestamp", &timestamp)
        .header("webhook-signature", signature)
        .body(delivery.payload.clone())
        .send()
        .await;
    let (code, body, ok) = match sent {
        Ok(response) => {
            let status = response.status();
            let body = response.text().await.unwrap_or_default();
            if !status.is_success() {
                eprintln!("m8tes-local: delivery {} answered HTTP {status}", delivery.id);
            }
            (Some(status.as_u16()), body, status.is_success())
        }
        // Not the receiver's answer: say what kind of failure in the body column and the log.
        Err(error) => {
            let failure = Failure::of(&error).describe();
            eprintln!("m8tes-local: delivery {} failed: {failure}", delivery.id);
            (None, format!("delivery failed: {failure}"), false)
        }
    };
    let attempts = delivery.attempts + 1;
    let (status, next) = if ok {
        (DeliveryStatus::Success, None)
    } else if attempts >= MAX_ATTEMPTS {
        (DeliveryStatus::Failed, None)
    } else {
        (DeliveryStatus::Pending, Some(clock::iso(Utc::now() + backoff(retry_base, attempts))))
    };
    let body: String = body.chars().take(RESPONSE_BODY_LIMIT).collect();
    let outcome = Attempt {
        status,
        response_status_code: code,
        response_body: &body,
        attempts,
        next_retry_at: next,
    };
    let recorded = deliveries::record(&db.lock(), delivery.id, &outcome);
    if let Err(error) = recorded {
        eprintln!("m8tes-local: delivery {}: cannot record the attempt: {error}", delivery.id);
    }
}

#[cfg(test)]
mod tests {
    use std::time::Duration;

    use super::backoff;

    #[test]
    fn backoff_doubles() {
        let second = Duration::from_secs(1);
        let waits: Vec<i64> = (1..=4).map(|n| backoff(second, n).num_seconds()).collect();
        assert_eq!(waits, [1, 2, 4, 8]);
        let quick = Duration::from_millis(10);
        let waits: Vec<i64> = (1..=4).map(|n| backoff(quick, n).num_milliseconds()).collect();
        assert_eq!(waits, [10, 20, 40, 80]);
    }
}
