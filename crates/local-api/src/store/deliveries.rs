//! Outbound webhook deliveries (`webhook_deliveries`): one row per (endpoint, event) holding
//! the exact body, so a retry sends the same bytes under the same `Webhook-Id`.

use m8tes_protocol::types::WebhookDelivery;
use rusqlite::{params, Connection};

use crate::clock;
use crate::model::{DeliveryStatus, WebhookEventName};

/// A delivery to queue.
pub struct NewDelivery<'a> {
    pub endpoint_id: i64,
    pub account_id: i64,
    pub event: WebhookEventName,
    pub event_id: &'a str,
    pub run_id: i64,
    pub payload: &'a str,
    /// When it was queued (and so first due): the event's own `created_at`.
    pub created_at: &'a str,
}

/// Adds `leased_until` to a store made before it existed.
pub fn upgrade(conn: &Connection) -> rusqlite::Result<()> {
    let has_lease = conn
        .prepare(
            "SELECT 1 FROM pragma_table_info('webhook_deliveries') WHERE name = 'leased_until'",
        )?
        .exists([])?;
    if !has_lease {
        conn.execute_batch("ALTER TABLE webhook_deliveries ADD COLUMN leased_until TEXT")?;
    }
    Ok(())
}

/// At start: the attempts a previous process had under way died with it, so their rows are
/// due again at once instead of when the lease would have run out.
pub fn release_leases(conn: &Connection) -> rusqlite::Result<usize> {
    conn.execute(
        "UPDATE webhook_deliveries SET leased_until = NULL WHERE leased_until IS NOT NULL",
        [],
    )
}

/// Queues a delivery due at once.
pub fn insert(conn: &Connection, delivery: &NewDelivery<'_>) -> rusqlite::Result<()> {
    conn.execute(
        "INSERT INTO webhook_deliveries (webhook_endpoint_id, account_id, event_type, event_id, \
         run_id, status, attempts, next_retry_at, payload, created_at, updated_at) \
         VALUES (?1, ?2, ?3, ?4, ?5, 'pending', 0, ?6, ?7, ?6, ?6)",
        params![
            delivery.endpoint_id,
            delivery.account_id,
            delivery.event,
            delivery.event_id,
            delivery.run_id,
            delivery.created_at,
            delivery.payload
        ],
    )?;
    Ok(())
}

/// Whether `event_id` is the `webhook-id` of a delivery this server made.
pub fn is_own_event(conn: &Connection, event_id: &str) -> rusqlite::Result<bool> {
    conn.prepare_cached("SELECT 1 FROM webhook_deliveries WHERE event_id = ?1 LIMIT 1")?
        .exists([event_id])
}

/// Pending deliveries per endpoint, for the backlog limit.
pub fn pending_count(conn: &Connection, endpoint_id: i64) -> rusqlite::Result<usize> {
    conn.prepare_cached(
        "SELECT COUNT(*) FROM webhook_deliveries \
         WHERE webhook_endpoint_id = ?1 AND status = 'pending'",
    )?
    .query_row([endpoint_id], |row| row.get::<_, i64>(0))
    .map(|n| n as usize)
}

/// One attempt to make.
pub struct Due {
    pub id: i64,
    pub url: String,
    pub secret: String,
    pub event_id: String,
    pub payload: String,
    pub attempts: i64,
}

/// At most this many attempts per endpoint are taken at once, and none while its earlier ones
/// are under way: a dead endpoint's backlog never fills a tick ahead of another's delivery.
const PER_ENDPOINT: i64 = 10;
/// At most this many attempts are taken per tick, across endpoints.
const PER_TICK: i64 = 500;

/// Claims the deliveries whose attempt is due, leasing each until `lease_until` so no other
/// tick takes it: the oldest few of each endpoint with nothing under way, round by round, so
/// every endpoint gets its turn whatever another's backlog.
pub fn take_due(conn: &Connection, lease_until: &str) -> rusqlite::Result<Vec<Due>> {
    let due: Vec<Due> = {
        let mut statement = conn.prepare_cached(
            "SELECT id, url, secret, event_id, payload, attempts FROM ( \
               SELECT d.id, e.url, e.secret, d.event_id, d.payload, d.attempts, \
                 ROW_NUMBER() OVER (PARTITION BY d.webhook_endpoint_id ORDER BY d.id) AS nth \
               FROM webhook_deliveries d \
               JOIN webhook_endpoints e ON e.id = d.webhook_endpoint_id \
               WHERE d.status = 'pending' AND d.next_retry_at <= ?1 \
                 AND (d.leased_until IS NULL OR d.leased_until <= ?1) \
                 AND d.webhook_endpoint_id NOT IN ( \
                   SELECT webhook_endpoint_id FROM webhook_deliveries \
                   WHERE status = 'pending' AND leased_until > ?1)) \
             WHERE nth <= ?2 ORDER BY nth, id LIMIT ?3",
        )?;
        let rows =
            statement.query_map(params![clock::now_iso(), PER_ENDPOINT, PER_TICK], |row| {
                Ok(Due {
                    id: row.get(0)?,
                    url: row.get(1)?,
                    secret: row.get(2)?,
                    event_id: row.get(3)?,
                    payload: row.get(4)?,
                    attempts: row.get(5)?,
                })
            })?;
        rows.collect::<rusqlite::Result<_>>()?
    };
    for delivery in &due {
        conn.execute(
            "UPDATE webhook_deliveries SET leased_until = ?2 WHERE id = ?1",
            params![delivery.id, lease_until],
        )?;
    }
    Ok(due)
}

/// How one attempt went.
pub struct Attempt<'a> {
    pub status: DeliveryStatus,
    pub response_status_code: Option<u16>,
    pub response_body: &'a str,
    pub attempts: i64,
    pub next_retry_at: Option<String>,
}

pub fn record(conn: &Connection, id: i64, attempt: &Attempt<'_>) -> rusqlite::Result<()> {
    conn.execute(
        "UPDATE webhook_deliveries SET status = ?2, response_status_code = ?3, response_body = ?4, \
         attempts = ?5, next_retry_at = ?6, updated_at = ?7, leased_until = NULL WHERE id = ?1",
        params![
            id,
            attempt.status.as_str(),
            attempt.response_status_code,
            attempt.response_body,
            attempt.attempts,
            attempt.next_retry_at,
            clock::now_iso()
        ],
    )?;
    Ok(())
}

/// An endpoint's deliveries after id `after`.
pub fn of_endpoint(
    conn: &Connection,
    endpoint_id: i64,
    after: i64,
    limit: i64,
) -> rusqlite::Result<Vec<WebhookDelivery>> {
    let mut statement = conn.prepare_cached(
        "SELECT id, webhook_endpoint_id, event_type, event_id, run_id, status,
             response_status_code, response_body, attempts, next_retry_at, created_at
         FROM webhook_deliveries WHERE webhook_endpoint_id = ?1 AND id > ?2
         ORDER BY id LIMIT ?3",
    )?;
    let rows = statement.query_map(params![endpoint_id, after, limit], |row| {
        Ok(WebhookDelivery {
            id: row.get(0)?,
            webhook_endpoint_id: row.get(1)?,
            event_type: row.get(2)?,
            event_id: row.get(3)?,
            run_id: row.get(4)?,
            status: row.get(5)?,
            response_status_code: row.get(6)?,
            response_body: row.get(7)?,
            attempts: row.get(8)?,
            next_retry_at: row.get(9)?,
            created_at: row.get(10)?,
            extra: Default::default(),
        })
    })?;
    rows.collect()
}
