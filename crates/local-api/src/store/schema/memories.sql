-- Memories about one end user (wire.md §2.6). `normalized` (lower case, single spaces) makes
-- duplicates a constraint violation rather than a race.
CREATE TABLE IF NOT EXISTS memories (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    user_id     TEXT NOT NULL,
    content     TEXT NOT NULL,
    normalized  TEXT NOT NULL,
    source      TEXT NOT NULL DEFAULT 'api',   -- api | agent
    created_at  TEXT NOT NULL,
    UNIQUE (account_id, user_id, normalized)
);
