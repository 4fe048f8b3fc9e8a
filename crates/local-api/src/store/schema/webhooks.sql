-- Outbound webhook endpoints (wire.md §2.9) and their deliveries (written by the delivery worker, `webhooks.rs`).
CREATE TABLE IF NOT EXISTS webhook_endpoints (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    url         TEXT NOT NULL,
    events      TEXT NOT NULL,       -- JSON array of event names, may be empty
    -- Kept in full because deliveries are signed with it; answered masked except at creation
    -- and rotation.
    secret      TEXT NOT NULL,
    active      INTEGER NOT NULL DEFAULT 1,
    created_at  TEXT NOT NULL,
    updated_at  TEXT
);
CREATE INDEX IF NOT EXISTS webhook_endpoints_by_account ON webhook_endpoints(account_id, id);

-- One row per (endpoint, event): the columns of protocol's `WebhookDelivery`, plus the exact
-- body that is signed and POSTed, so retries send the same bytes.
CREATE TABLE IF NOT EXISTS webhook_deliveries (
    id                   INTEGER PRIMARY KEY,
    webhook_endpoint_id  INTEGER NOT NULL REFERENCES webhook_endpoints(id) ON DELETE CASCADE,
    account_id           INTEGER NOT NULL REFERENCES accounts(id),
    event_type           TEXT NOT NULL,    -- run.completed, …
    event_id             TEXT NOT NULL,    -- evt_…
    run_id               INTEGER NOT NULL,
    status               TEXT NOT NULL DEFAULT 'pending',   -- pending | success | failed
    response_status_code INTEGER,
    response_body        TEXT,
    attempts             INTEGER NOT NULL DEFAULT 0,
    next_retry_at        TEXT,             -- when the next attempt is due; NULL when none is
    -- While an attempt is under way: until when no other tick may take the row. A restart
    -- clears it, since no attempt outlives its process. (Added to older stores by
    -- `deliveries::upgrade`.)
    leased_until         TEXT,
    payload              TEXT NOT NULL,    -- the JSON body (D11), byte for byte
    created_at           TEXT NOT NULL,
    updated_at           TEXT
);
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_endpoint ON webhook_deliveries(webhook_endpoint_id, id);
CREATE INDEX IF NOT EXISTS webhook_deliveries_due ON webhook_deliveries(status, next_retry_at);
-- Finds this server's own deliveries when one arrives back at an inbound route.
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_event ON webhook_deliveries(event_id);
-- Counts an endpoint's unsent backlog (`--max-pending-deliveries`) without reading its history.
CREATE INDEX IF NOT EXISTS webhook_deliveries_by_endpoint_status ON webhook_deliveries(webhook_endpoint_id, status);
