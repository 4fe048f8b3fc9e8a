-- Tool pre-approval policies (wire.md §2.7): a tool an end user's runs may use without asking.
CREATE TABLE IF NOT EXISTS permission_policies (
    id          INTEGER PRIMARY KEY,
    account_id  INTEGER NOT NULL REFERENCES accounts(id),
    user_id     TEXT NOT NULL,
    tool_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    UNIQUE (account_id, user_id, tool_name)
);
