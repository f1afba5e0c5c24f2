-- Instances this scheduler started, so that after a restart none is left running unaccounted for.
CREATE TABLE instance (
    id             text        PRIMARY KEY,
    namespace      text        NOT NULL,
    function_name  text        NOT NULL,
    version        text        NOT NULL,
    revision       bigint      NOT NULL,
    provider       text        NOT NULL,
    host           text,
    port           integer,
    pid            bigint,
    -- the process's start time as the OS reports it: with the pid, identifies the process across pid reuse
    pid_started_at timestamptz,
    started_at     timestamptz NOT NULL,
    stopped_at     timestamptz,
    stop_reason    text
);

CREATE INDEX instance_running ON instance (provider) WHERE stopped_at IS NULL;
