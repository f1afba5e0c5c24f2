-- Quotas an administrator changed at run time (spec part 1 §2.7); a quota without a row has its configured default.
CREATE TABLE quota (
    name       text        PRIMARY KEY,
    value      bigint      NOT NULL,
    updated_at timestamptz NOT NULL
);
