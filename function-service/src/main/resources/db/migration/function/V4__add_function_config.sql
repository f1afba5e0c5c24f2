-- The rest of a function's configuration (network, mounts, layers, dead letter, tags, flags...) as one document with
-- SCF's field names; published versions copy it.
ALTER TABLE function ADD COLUMN config jsonb NOT NULL DEFAULT '{}';
ALTER TABLE function_version ADD COLUMN config jsonb NOT NULL DEFAULT '{}';
