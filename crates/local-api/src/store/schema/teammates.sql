-- Teammates (wire.md §2.1). Deleting archives (`status = 'archived'`); rows are never removed.
-- JSON columns hold the value as sent (`NULL` = JSON null).
CREATE TABLE IF NOT EXISTS teammates (
    id              INTEGER PRIMARY KEY,
    account_id      INTEGER NOT NULL REFERENCES accounts(id),
    name            TEXT NOT NULL,
    instructions    TEXT,
    tools           TEXT,            -- JSON array of tool names
    role            TEXT,
    goals           TEXT,
    user_id         TEXT,
    metadata        TEXT,            -- JSON object
    allowed_senders TEXT,            -- JSON array of email addresses
    status          TEXT NOT NULL DEFAULT 'enabled',
    -- Set while the inbound webhook is enabled: the last segment of
    -- `/api/v2/inbound/webhooks/teammates/{id}/{webhook_token}`.
    webhook_token   TEXT UNIQUE,
    -- Set while the email inbox is enabled: the address is `{email_token}@inbox.m8tes.local`.
    email_token     TEXT UNIQUE,
    created_at      TEXT NOT NULL,
    updated_at      TEXT
);
CREATE INDEX IF NOT EXISTS teammates_by_account ON teammates(account_id, id);
