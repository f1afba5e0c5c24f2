package dev.faas.logs.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.faas.contracts.log.InvocationRecord;
import dev.faas.contracts.log.LogRecord;

/** Log records in the {@code log} schema. */
@Repository
class LogRepository {
    private final JdbcClient jdbc;
    private final JdbcTemplate template;

    LogRepository(JdbcClient jdbc, JdbcTemplate template) {
        this.jdbc = jdbc;
        this.template = template;
    }

    /**
     * Inserts a batch with one {@code COPY ... FROM STDIN} (text format): the cheapest way into Postgres for the three
     * or more lines every invocation writes. Runs on the caller's transaction's connection.
     */
    void insertAll(List<LogRecord> records) {
        if (records.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder(records.size() * 160);
        for (LogRecord r : records) {
            text(rows, r.namespace()).append('\t');
            text(rows, r.functionName()).append('\t');
            text(rows, r.qualifier()).append('\t');
            text(rows, r.alias()).append('\t');
            text(rows, r.requestId()).append('\t');
            text(rows, r.type()).append('\t');
            text(rows, r.level()).append('\t');
            text(rows, r.message()).append('\t');
            rows.append(Instant.ofEpochMilli(r.logTimeMillis())).append('\t');
            value(rows, r.startTimeMillis() == null ? null : Instant.ofEpochMilli(r.startTimeMillis())).append('\t');
            value(rows, r.durationMs()).append('\t');
            value(rows, r.memoryMb()).append('\t');
            value(rows, r.memUsageMb()).append('\t');
            value(rows, r.statusCode()).append('\t');
            rows.append(r.retryNum()).append('\t');
            text(rows, r.instanceId()).append('\n');
        }
        copy("""
                COPY log_record (namespace, function_name, qualifier, alias, request_id, type, level, message, log_time,
                    start_time, duration_ms, memory_mb, mem_usage_mb, status_code, retry_num, instance_id) FROM STDIN
                """, rows, records.size());
    }

    /** Inserts invocations (one row each for their START, END and Report) with one {@code COPY}. */
    void insertInvocations(List<InvocationRecord> invocations) {
        if (invocations.isEmpty()) {
            return;
        }
        StringBuilder rows = new StringBuilder(invocations.size() * 200);
        for (InvocationRecord i : invocations) {
            text(rows, i.namespace()).append('\t');
            text(rows, i.functionName()).append('\t');
            text(rows, i.qualifier() == null ? "$LATEST" : i.qualifier()).append('\t');
            text(rows, i.alias()).append('\t');
            text(rows, i.requestId()).append('\t');
            text(rows, i.instanceId()).append('\t');
            rows.append(Instant.ofEpochMilli(i.startTimeMillis())).append('\t');
            rows.append(Instant.ofEpochMilli(i.endTimeMillis())).append('\t');
            rows.append(i.durationMs()).append('\t');
            rows.append(i.memoryMb()).append('\t');
            rows.append(i.memUsageMb()).append('\t');
            rows.append(i.statusCode()).append('\t');
            rows.append(i.retryNum()).append('\n');
        }
        copy("""
                COPY invocation (namespace, function_name, qualifier, alias, request_id, instance_id, start_time, end_time,
                    duration_ms, memory_mb, mem_usage_mb, status_code, retry_num) FROM STDIN
                """, rows, invocations.size());
    }

    /** Runs a {@code COPY ... FROM STDIN} of {@code rows} on the caller's transaction's connection. */
    private void copy(String sql, CharSequence rows, int count) {
        template.execute((org.springframework.jdbc.core.ConnectionCallback<Long>) connection -> {
            try {
                return connection.unwrap(org.postgresql.PGConnection.class).getCopyAPI().copyIn(sql, new java.io.StringReader(rows.toString()));
            } catch (java.io.IOException e) {
                throw new SQLException("COPY of " + count + " rows failed", e);
            }
        });
    }

    /** A text column in COPY's text format: {@code \N} for null; backslash, tab, newline and return escaped. */
    private static StringBuilder text(StringBuilder out, String value) {
        if (value == null) {
            return out.append("\\N");
        }
        if (noneToEscape(value, 0)) {
            return out.append(value);
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\t' -> out.append("\\t");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\0' -> { } // Postgres text cannot hold NUL
                default -> out.append(c);
            }
        }
        return out;
    }

    /** Whether no character from {@code from} on needs escaping (the usual case: append the string whole). */
    private static boolean noneToEscape(String value, int from) {
        for (int i = from; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' || c == '\t' || c == '\n' || c == '\r' || c == '\0') {
                return false;
            }
        }
        return true;
    }

    private static StringBuilder value(StringBuilder out, Object value) {
        return value == null ? out.append("\\N") : out.append(value);
    }

    /**
     * Lines of one function, optionally of one request, oldest first: the stored lines and each invocation's
     * {@code START} (at its start), {@code END} and {@code Report} (at its end). Lines at the same millisecond go
     * {@code START}, then the others in the order stored, then {@code END} and {@code Report} pairs. Each branch reads
     * at most {@code offset + limit} rows in its index's order, so a function's whole history is never sorted.
     */
    List<LogRecord> find(String namespace, String functionName, String requestId, int offset, int limit) {
        // two shapes, not "(:rid IS NULL OR request_id = :rid)": planned generically (as Postgres may plan a statement
        // the driver prepared after five runs) that form reads the function's whole history to find one request
        String where = requestId == null ? "namespace = :ns AND function_name = :fn"
                : "namespace = :ns AND function_name = :fn AND request_id = :rid";
        String invocationColumns = """
                id, namespace, function_name, qualifier, alias, request_id, 'Platform' AS type, 'INFO' AS level, NULL AS message,
                start_time, duration_ms, memory_mb, mem_usage_mb, status_code, retry_num, instance_id""";
        return jdbc.sql("""
                SELECT * FROM (
                  (SELECT log_time AS t, 1 AS seq, 0 AS part, id, namespace, function_name, qualifier, alias, request_id, type, level,
                          message, start_time, duration_ms, memory_mb, mem_usage_mb, status_code, retry_num, instance_id
                   FROM log_record WHERE %1$s ORDER BY log_time, id LIMIT :n)
                  UNION ALL
                  (SELECT start_time, 0, 0, %2$s FROM invocation WHERE %1$s ORDER BY start_time, id LIMIT :n)
                  UNION ALL
                  (SELECT end_time, 2, 0, %2$s FROM invocation WHERE %1$s ORDER BY end_time, id LIMIT :n)
                  UNION ALL
                  (SELECT end_time, 2, 1, %2$s FROM invocation WHERE %1$s ORDER BY end_time, id LIMIT :n)
                ) lines ORDER BY t, seq, id, part OFFSET :offset LIMIT :limit
                """.formatted(where, invocationColumns))
                .params(requestId == null ? java.util.Map.of() : java.util.Map.of("rid", requestId))
                .param("ns", namespace).param("fn", functionName)
                .param("n", offset + limit).param("offset", offset).param("limit", limit)
                .query(LogRepository::map).list();
    }

    private static LogRecord map(ResultSet rs, int row) throws SQLException {
        Timestamp start = rs.getTimestamp("start_time");
        Long startMillis = start == null ? null : start.toInstant().toEpochMilli();
        long at = rs.getTimestamp("t").toInstant().toEpochMilli();
        if (rs.getInt("seq") != 1) {
            InvocationRecord i = new InvocationRecord(rs.getString("namespace"), rs.getString("function_name"), rs.getString("qualifier"),
                    rs.getString("alias"), rs.getString("request_id"), rs.getString("instance_id"), startMillis, rs.getInt("seq") == 0 ? startMillis : at,
                    rs.getLong("duration_ms"), rs.getInt("memory_mb"), rs.getDouble("mem_usage_mb"), rs.getInt("status_code"), rs.getInt("retry_num"));
            return rs.getInt("seq") == 0 ? i.startLine() : rs.getInt("part") == 0 ? i.endLine() : i.reportLine();
        }
        return new LogRecord(rs.getString("namespace"), rs.getString("function_name"), rs.getString("qualifier"),
                rs.getString("alias"), rs.getString("request_id"), rs.getString("type"), rs.getString("level"), rs.getString("message"),
                at, startMillis, (Long) rs.getObject("duration_ms"), (Integer) rs.getObject("memory_mb"), (Double) rs.getObject("mem_usage_mb"),
                (Integer) rs.getObject("status_code"), rs.getInt("retry_num"), rs.getString("instance_id"));
    }
}
