-- One row per invocation: its START, END and Report lines (spec part 1 §10.3), shown as three lines when read. Every
-- invocation writes them, so storing one row with three index entries instead of three rows with nine is most of
-- the log path's cost at thousands of invocations a second (docs/performance.md).
CREATE TABLE invocation (
    id             bigserial        NOT NULL,
    namespace      text             NOT NULL,
    function_name  text             NOT NULL,
    qualifier      text             NOT NULL,
    request_id     text             NOT NULL,
    instance_id    text,
    start_time     timestamptz      NOT NULL,
    end_time       timestamptz      NOT NULL,
    duration_ms    bigint           NOT NULL,
    memory_mb      integer          NOT NULL,
    mem_usage_mb   double precision NOT NULL,
    status_code    integer          NOT NULL,
    retry_num      integer          NOT NULL DEFAULT 0
);

CREATE INDEX invocation_request ON invocation (namespace, function_name, request_id);
-- START lines are read in start order, END and Report lines in end order
CREATE INDEX invocation_start ON invocation (namespace, function_name, start_time);
CREATE INDEX invocation_end ON invocation (namespace, function_name, end_time);
