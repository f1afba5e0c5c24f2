-- A function URL is a trigger of type http with a URL id that never changes (DESIGN.md §3).
ALTER TABLE trigger ADD COLUMN url_id text UNIQUE;

-- The URL feed the gateway follows (same shape as function-service's change feed).
CREATE TABLE change_event (
    seq           bigserial   PRIMARY KEY,
    kind          text        NOT NULL,
    namespace     text        NOT NULL,
    function_name text        NOT NULL,
    payload       jsonb,
    created_at    timestamptz NOT NULL DEFAULT now()
);
