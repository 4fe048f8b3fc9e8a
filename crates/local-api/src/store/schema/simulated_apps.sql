-- The simulated apps' data, per end user of an account: an inbox, Slack channels, tickets, revenue, pages,
-- deals. Seeded on first use; the agent's tool calls read and change it.
CREATE TABLE IF NOT EXISTS app_records (
    id         INTEGER PRIMARY KEY,
    account_id INTEGER NOT NULL REFERENCES accounts(id),
    end_user   TEXT NOT NULL DEFAULT '',    -- the run's user_id; '' without one (see app_records::upgrade)
    app        TEXT NOT NULL,
    kind       TEXT NOT NULL,
    data       TEXT NOT NULL,               -- JSON object
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS app_records_by_kind ON app_records (account_id, app, kind, id);
