-- End users (wire.md §2.8): the developer's own customers, addressed by their string `user_id`.
CREATE TABLE IF NOT EXISTS end_users (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    user_id     TEXT NOT NULL,
    name        TEXT,
    email       TEXT,
    company     TEXT,
    metadata    TEXT,                -- JSON object
    created_at  TEXT NOT NULL,
    updated_at  TEXT,
    UNIQUE (account_id, user_id)
);
