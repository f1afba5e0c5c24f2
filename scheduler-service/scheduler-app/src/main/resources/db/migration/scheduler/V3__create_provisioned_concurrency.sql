-- Provisioned concurrency (spec part 1 §11.5): instances kept started for a published version.
CREATE TABLE provisioned_concurrency (
    namespace     text        NOT NULL,
    function_name text        NOT NULL,
    qualifier     text        NOT NULL,
    instances     integer     NOT NULL,
    memory_mb     integer     NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (namespace, function_name, qualifier)
);
