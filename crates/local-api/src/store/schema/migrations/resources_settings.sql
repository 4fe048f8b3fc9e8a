-- SDK 4.49's account settings (wire.md §11): per-end-user caps (NULL = no cap), retention,
-- strict multi-tenant mode and the notification switches. Stored and answered as set.
ALTER TABLE account_settings ADD COLUMN per_end_user_run_limit INTEGER;
ALTER TABLE account_settings ADD COLUMN per_end_user_cost_limit_cents INTEGER;
ALTER TABLE account_settings ADD COLUMN per_end_user_rate_per_minute INTEGER;
ALTER TABLE account_settings ADD COLUMN retention_mode TEXT NOT NULL DEFAULT 'standard';
ALTER TABLE account_settings ADD COLUMN require_end_user_id INTEGER NOT NULL DEFAULT 0;
ALTER TABLE account_settings ADD COLUMN approval_email_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE account_settings ADD COLUMN approval_slack_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE account_settings ADD COLUMN result_email_enabled INTEGER NOT NULL DEFAULT 1;
ALTER TABLE account_settings ADD COLUMN result_slack_enabled INTEGER NOT NULL DEFAULT 1;
