-- Published versions: immutable snapshots of $LATEST's code and configuration (spec part 1 §15).
CREATE TABLE function_version (
    function_id    uuid        NOT NULL REFERENCES function (id) ON DELETE CASCADE,
    version        integer     NOT NULL,
    description    text        NOT NULL DEFAULT '',
    runtime        text,
    handler        text,
    memory_mb      integer     NOT NULL,
    timeout_s      integer     NOT NULL,
    init_timeout_s integer     NOT NULL,
    environment    jsonb       NOT NULL,
    code_sha256    text        NOT NULL,
    code_size      bigint      NOT NULL,
    created_at     timestamptz NOT NULL,
    PRIMARY KEY (function_id, version)
);

CREATE INDEX function_version_code_sha256 ON function_version (code_sha256);

-- numbers are never reused, even after a version is deleted
ALTER TABLE function ADD COLUMN last_version integer NOT NULL DEFAULT 0;
