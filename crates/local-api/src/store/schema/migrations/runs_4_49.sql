-- SDK 4.49's run surface (wire.md §10): archiving, sharing, viewing, retries, structured
-- output, and replies queued while a turn executes.
ALTER TABLE runs ADD COLUMN archived INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN share_token TEXT;
ALTER TABLE runs ADD COLUMN last_viewed_at TEXT;
ALTER TABLE runs ADD COLUMN output_schema TEXT;   -- JSON Schema object, or NULL
ALTER TABLE runs ADD COLUMN output_data TEXT;     -- JSON object, or NULL
ALTER TABLE runs ADD COLUMN retry_of_run_id INTEGER;
ALTER TABLE runs ADD COLUMN retried_by_run_id INTEGER;
ALTER TABLE runs ADD COLUMN retried_at TEXT;
ALTER TABLE runs ADD COLUMN retry_count INTEGER NOT NULL DEFAULT 0;
-- Tool calls the run made, over all its turns: a retry of a run that acted needs `confirm`.
ALTER TABLE runs ADD COLUMN tool_calls INTEGER NOT NULL DEFAULT 0;
ALTER TABLE runs ADD COLUMN turn_started_at TEXT;
ALTER TABLE runs ADD COLUMN cancelled_at TEXT;
CREATE UNIQUE INDEX IF NOT EXISTS runs_by_share_token ON runs (share_token)
    WHERE share_token IS NOT NULL;
CREATE INDEX IF NOT EXISTS runs_by_task ON runs (account_id, task_id, id);

-- Replies sent while a turn executes: each becomes the next turn, oldest first.
CREATE TABLE IF NOT EXISTS run_queued_messages (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES runs(id),
    content    TEXT NOT NULL,
    -- pending, delivered, cancelled
    state      TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS run_queued_messages_by_run ON run_queued_messages (run_id, id);
