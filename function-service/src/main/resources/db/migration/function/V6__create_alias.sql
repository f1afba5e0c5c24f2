-- Aliases (spec part 1 §16): a name for a main version plus optional routing to additional versions. $DEFAULT is not
-- stored until it is changed: without a row it points to $LATEST.
CREATE TABLE alias (
    function_id      uuid        NOT NULL REFERENCES function (id) ON DELETE CASCADE,
    name             text        NOT NULL,
    function_version text        NOT NULL,
    routing_config   jsonb       NOT NULL DEFAULT '{}',
    description      text        NOT NULL DEFAULT '',
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    PRIMARY KEY (function_id, name)
);
