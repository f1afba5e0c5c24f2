-- A trigger bound to a function version or alias (spec part 1 §12). desc_json is SCF's TriggerDesc, kept as given.
CREATE TABLE trigger (
    id            uuid        PRIMARY KEY,
    namespace     text        NOT NULL,
    function_name text        NOT NULL,
    qualifier     text        NOT NULL,
    name          text        NOT NULL,
    type          text        NOT NULL,
    desc_json     jsonb       NOT NULL DEFAULT '{}',
    enabled       boolean     NOT NULL DEFAULT true,
    created_at    timestamptz NOT NULL,
    updated_at    timestamptz NOT NULL,
    UNIQUE (namespace, function_name, name)
);

CREATE INDEX trigger_function ON trigger (namespace, function_name);
