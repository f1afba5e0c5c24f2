-- The alias an invocation was called through (SCF_Alias, spec part 1 §10.1): $DEFAULT for a function URL, the alias
-- name for a trigger or call bound to one; null when a version or $LATEST was named directly. Older rows have none.
ALTER TABLE log_record ADD COLUMN alias text;
ALTER TABLE invocation ADD COLUMN alias text;
