-- SDK 4.49 memories and permission policies may be account-level (no `user_id`): those rows
-- keep `user_id = ''` (a real user_id is never blank), so the NOT NULL columns and the
-- per-scope UNIQUE constraints stay as they are; the store answers '' as null.
-- A memory's `audience` (SDK 4.49): 'personal', 'company', or NULL (unclassified).
ALTER TABLE memories ADD COLUMN audience TEXT;
