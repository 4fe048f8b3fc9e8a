-- SDK 4.49's one-time schedules: `run_at` (ISO 8601 UTC) instead of `cron`/`interval_seconds`.
-- It fires once; firing sets `enabled = 0` and clears `next_run`, so the trigger is spent.
ALTER TABLE task_triggers ADD COLUMN run_at TEXT;

-- Lessons a task's agent saved for its later runs (SDK 4.49 `tasks.lessons`). The same text
-- saved again re-affirms the lesson instead of repeating it.
CREATE TABLE IF NOT EXISTS task_lessons (
    id                 INTEGER PRIMARY KEY,
    account_id         INTEGER NOT NULL REFERENCES accounts(id),
    task_id            INTEGER NOT NULL REFERENCES tasks(id),
    text               TEXT NOT NULL,
    when_applicable    TEXT NOT NULL,
    source_run_id      INTEGER,
    reaffirm_count     INTEGER NOT NULL DEFAULT 0,
    created_at         TEXT NOT NULL,
    last_reaffirmed_at TEXT NOT NULL,
    UNIQUE (task_id, text)
);
