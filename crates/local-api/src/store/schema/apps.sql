-- App connections (wire.md §2.5). `user_id` is '' for an account-wide connection. A
-- connection is `pending` from `connect` until it is authorized or completed.
CREATE TABLE IF NOT EXISTS app_connections (
    id            INTEGER PRIMARY KEY,
    account_id    INTEGER NOT NULL REFERENCES accounts(id),
    user_id       TEXT NOT NULL DEFAULT '',
    app           TEXT NOT NULL,
    connection_id TEXT NOT NULL UNIQUE,
    status        TEXT NOT NULL DEFAULT 'pending',  -- pending | connected
    redirect_uri  TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    connected_at  TEXT
);
CREATE INDEX IF NOT EXISTS app_connections_by_user ON app_connections(account_id, user_id, app);
