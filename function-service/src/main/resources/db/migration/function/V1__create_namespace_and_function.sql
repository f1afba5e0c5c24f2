CREATE TABLE namespace (
    name        text        PRIMARY KEY,
    description text        NOT NULL DEFAULT '',
    created_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE function (
    id             uuid        PRIMARY KEY,
    namespace      text        NOT NULL REFERENCES namespace (name),
    name           text        NOT NULL,
    type           text        NOT NULL,
    runtime        text,
    handler        text,
    description    text        NOT NULL DEFAULT '',
    memory_mb      integer     NOT NULL,
    timeout_s      integer     NOT NULL,
    init_timeout_s integer     NOT NULL,
    -- [{"Key":..,"Value":..}] in the order given: jsonb keeps array order
    environment    jsonb       NOT NULL DEFAULT '[]',
    code_sha256    text        NOT NULL,
    code_size      bigint      NOT NULL,
    url_id         text        UNIQUE,
    status         text        NOT NULL,
    revision       bigint      NOT NULL DEFAULT 1,
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    UNIQUE (namespace, name)
);

CREATE INDEX function_code_sha256 ON function (code_sha256);

-- The change feed other services follow. Appends serialise on an advisory lock, so seq order is commit order.
CREATE TABLE change_event (
    seq           bigserial   PRIMARY KEY,
    kind          text        NOT NULL,
    namespace     text        NOT NULL,
    function_name text        NOT NULL,
    payload       jsonb,
    created_at    timestamptz NOT NULL DEFAULT now()
);
