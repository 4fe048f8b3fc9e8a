-- Tasks (wire.md §2.3). Deleting archives; rows are never removed.
CREATE TABLE IF NOT EXISTS tasks (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    teammate_id     INTEGER NOT NULL REFERENCES teammates(id),
    name            TEXT,
    instructions    TEXT NOT NULL,
    tools           TEXT,            -- JSON array of tool names
    expected_output TEXT,
    goals           TEXT,
    user_id         TEXT,
    status          TEXT NOT NULL DEFAULT 'enabled',
    -- The task's virtual webhook trigger (id 0), while it exists: the last segment of
    -- `/api/v2/inbound/webhooks/tasks/{id}/{webhook_token}`.
    webhook_token   TEXT UNIQUE,
    -- The task's virtual email trigger (id 0): `{email_token}@inbox.m8tes.local`.
    email_token     TEXT UNIQUE,
    created_at      TEXT NOT NULL,
    updated_at      TEXT
);
CREATE INDEX IF NOT EXISTS tasks_by_account ON tasks(account_id, id);
