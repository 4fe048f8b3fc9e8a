-- Account settings (wire.md §2.10); an account without a row has the defaults.
CREATE TABLE IF NOT EXISTS account_settings (
    account_id       INTEGER PRIMARY KEY REFERENCES accounts(id),
    company_research INTEGER NOT NULL DEFAULT 1
);
