-- Runs and what they leave behind: the conversation, the event history a rejoining stream
-- replays, human-in-the-loop gates, written files, and the idempotency keys that made them.
CREATE TABLE IF NOT EXISTS runs (
    id                INTEGER PRIMARY KEY,
    account_id        INTEGER NOT NULL REFERENCES accounts(id),
    teammate_id       INTEGER,
    task_id           INTEGER,
    user_id           TEXT,
    -- running, awaiting_approval, completed, failed, cancelled
    status            TEXT NOT NULL,
    output            TEXT,
    error             TEXT,
    error_code        TEXT,
    metadata          TEXT,                 -- JSON object, or NULL
    permission_mode   TEXT NOT NULL DEFAULT 'autonomous',
    human_in_the_loop INTEGER NOT NULL DEFAULT 0,
    use_memory        INTEGER NOT NULL DEFAULT 1,
    use_history       INTEGER NOT NULL DEFAULT 1,
    tools             TEXT NOT NULL DEFAULT '[]',  -- JSON array: the tools granted
    instructions      TEXT,
    -- Each reply is one more turn of the same run.
    turn              INTEGER NOT NULL DEFAULT 1,
    input_tokens      INTEGER,
    output_tokens     INTEGER,
    cost_usd          TEXT,
    duration_ms       INTEGER,
    created_at        TEXT NOT NULL,
    updated_at        TEXT
);
CREATE INDEX IF NOT EXISTS runs_by_account ON runs (account_id, id);

-- What was said, turn by turn: the history a reply continues from.
CREATE TABLE IF NOT EXISTS run_messages (
    id         INTEGER PRIMARY KEY,
    run_id     INTEGER NOT NULL REFERENCES runs(id),
    turn       INTEGER NOT NULL,
    role       TEXT NOT NULL,               -- user, assistant
    content    TEXT NOT NULL,
    created_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS run_messages_by_run ON run_messages (run_id, id);

-- Every stream payload of every turn, in order (`[DONE]` included), so a rejoin replays
-- exactly the bytes the first stream carried.
CREATE TABLE IF NOT EXISTS run_events (
    run_id  INTEGER NOT NULL REFERENCES runs(id),
    seq     INTEGER NOT NULL,
    turn    INTEGER NOT NULL,
    payload TEXT NOT NULL,
    PRIMARY KEY (run_id, seq)
);

-- Gates a paused run waits on: a tool to allow or deny, or questions to answer (D14).
CREATE TABLE IF NOT EXISTS permission_requests (
    id          INTEGER PRIMARY KEY,
    run_id      INTEGER NOT NULL REFERENCES runs(id),
    request_id  TEXT NOT NULL UNIQUE,
    tool_name   TEXT NOT NULL,
    tool_input  TEXT,                       -- JSON
    -- pending, allowed, denied, resolved (questions), cancelled
    status      TEXT NOT NULL,
    answer      TEXT,                       -- JSON: the chosen answers of a question gate
    created_at  TEXT NOT NULL,
    resolved_at TEXT
);
CREATE INDEX IF NOT EXISTS permission_requests_by_run ON permission_requests (run_id, id);

-- Files a run wrote. With a data dir the bytes live in `runs/{run_id}/{name}` beside the
-- database; with --memory they live here in `content`.
CREATE TABLE IF NOT EXISTS run_files (
    run_id       INTEGER NOT NULL REFERENCES runs(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    content      BLOB,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (run_id, name)
);

-- Idempotency-Key (D6): the first request's fingerprint and the run it made.
CREATE TABLE IF NOT EXISTS idempotency_keys (
    account_id   INTEGER NOT NULL REFERENCES accounts(id),
    key          TEXT NOT NULL,
    fingerprint  TEXT NOT NULL,
    run_id       INTEGER NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (account_id, key)
);
