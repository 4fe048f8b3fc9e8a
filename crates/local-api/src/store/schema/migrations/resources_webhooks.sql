-- SDK 4.49: an endpoint created with `user_id` belongs to that end user and receives only the
-- events of that end user's runs; NULL is an account-level endpoint (every run of the account).
ALTER TABLE webhook_endpoints ADD COLUMN user_id TEXT;
