-- Concurrency configuration (spec part 1 §11.4): the region pool set with PutTotalConcurrencyConfig and each
-- function's reservation. Loaded into the accounting at start, so a restart loses no configuration.
CREATE TABLE region_concurrency (
    id         integer     PRIMARY KEY CHECK (id = 1),
    total_mb   bigint      NOT NULL,
    updated_at timestamptz NOT NULL
);

CREATE TABLE reserved_concurrency (
    namespace     text        NOT NULL,
    function_name text        NOT NULL,
    reserved_mb   bigint      NOT NULL,
    updated_at    timestamptz NOT NULL,
    PRIMARY KEY (namespace, function_name)
);
