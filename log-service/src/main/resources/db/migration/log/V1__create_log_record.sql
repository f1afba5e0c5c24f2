-- One line of a function's log in SCF's default format (spec part 1 §10.1).
CREATE TABLE log_record (
    id             bigserial        PRIMARY KEY,
    namespace      text             NOT NULL,
    function_name  text             NOT NULL,
    qualifier      text             NOT NULL,
    request_id     text             NOT NULL,
    type           text             NOT NULL,
    level          text             NOT NULL,
    message        text             NOT NULL,
    log_time       timestamptz      NOT NULL,
    start_time     timestamptz,
    duration_ms    bigint,
    memory_mb      integer,
    mem_usage_mb   double precision,
    status_code    integer,
    retry_num      integer          NOT NULL DEFAULT 0,
    instance_id    text
);

CREATE INDEX log_record_request ON log_record (namespace, function_name, request_id);
CREATE INDEX log_record_function_time ON log_record (namespace, function_name, log_time);
