-- Layers (spec part 2 §8): region-scoped, immutable numbered versions; a function binds versions by name and number
-- in its config document (config->'Layers'), which is what a delete checks before removing a version.
CREATE TABLE layer (
    name         text        PRIMARY KEY,
    last_version integer     NOT NULL DEFAULT 0,
    created_at   timestamptz NOT NULL
);

CREATE TABLE layer_version (
    layer_name          text        NOT NULL REFERENCES layer (name) ON DELETE CASCADE,
    version             integer     NOT NULL,
    description         text        NOT NULL DEFAULT '',
    license_info        text        NOT NULL DEFAULT '',
    compatible_runtimes jsonb       NOT NULL,
    code_sha256         text        NOT NULL,
    code_size           bigint      NOT NULL,
    unpacked_size       bigint      NOT NULL,
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (layer_name, version)
);

CREATE INDEX function_config_layers ON function USING gin ((config -> 'Layers') jsonb_path_ops);
CREATE INDEX function_version_config_layers ON function_version USING gin ((config -> 'Layers') jsonb_path_ops);
