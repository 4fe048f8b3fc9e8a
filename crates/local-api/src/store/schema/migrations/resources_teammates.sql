-- SDK 4.49 pauses a teammate's or a task's inbound webhook without revoking it: the token
-- (so the URL) survives, and a POST to it is refused while `webhook_paused = 1`.
-- `teammates.status` gains `disabled` beside `enabled` and `archived` (no column change).
ALTER TABLE teammates ADD COLUMN webhook_paused INTEGER NOT NULL DEFAULT 0;
ALTER TABLE tasks ADD COLUMN webhook_paused INTEGER NOT NULL DEFAULT 0;
