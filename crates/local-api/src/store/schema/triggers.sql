-- Schedule triggers of tasks (wire.md §2.4). Webhook and email triggers are not rows: they are
-- the task's `webhook_token` / `email_token`. Exactly one of `cron` and `interval_seconds` is set.
-- The scheduler fires rows with `enabled = 1 AND next_run <= now` and re-arms `next_run` with
-- `schedule::next_run`; archiving the task sets `enabled = 0`.
CREATE TABLE IF NOT EXISTS task_triggers (
    id               INTEGER PRIMARY KEY,
    account_id       INTEGER NOT NULL REFERENCES accounts(id),
    task_id          INTEGER NOT NULL REFERENCES tasks(id),
    cron             TEXT,
    interval_seconds INTEGER,
    timezone         TEXT NOT NULL DEFAULT 'UTC',
    enabled          INTEGER NOT NULL DEFAULT 1,
    next_run         TEXT,           -- ISO-8601 UTC (clock::iso), so text order is time order
    last_run_at      TEXT,
    created_at       TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS task_triggers_by_task ON task_triggers(task_id, id);
CREATE INDEX IF NOT EXISTS task_triggers_due ON task_triggers(enabled, next_run);
