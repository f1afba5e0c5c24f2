package dev.faas.logs.records;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

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

    void insertAll(List<LogRecord> records) {
        template.batchUpdate("""
                INSERT INTO log_record (namespace, function_name, qualifier, request_id, type, level, message, log_time,
                    start_time, duration_ms, memory_mb, mem_usage_mb, status_code, retry_num, instance_id)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, records, 500, (ps, r) -> {
            ps.setString(1, r.namespace());
            ps.setString(2, r.functionName());
            ps.setString(3, r.qualifier());
            ps.setString(4, r.requestId());
            ps.setString(5, r.type());
            ps.setString(6, r.level());
            ps.setString(7, r.message());
            ps.setTimestamp(8, Timestamp.from(Instant.ofEpochMilli(r.logTimeMillis())));
            ps.setTimestamp(9, r.startTimeMillis() == null ? null : Timestamp.from(Instant.ofEpochMilli(r.startTimeMillis())));
            ps.setObject(10, r.durationMs());
            ps.setObject(11, r.memoryMb());
            ps.setObject(12, r.memUsageMb());
            ps.setObject(13, r.statusCode());
            ps.setInt(14, r.retryNum());
            ps.setString(15, r.instanceId());
        });
    }

    /** Lines of one function, optionally of one request, oldest first. */
    List<LogRecord> find(String namespace, String functionName, String requestId, int offset, int limit) {
        return jdbc.sql("""
                SELECT * FROM log_record
                WHERE namespace = :ns AND function_name = :fn AND (CAST(:rid AS text) IS NULL OR request_id = :rid)
                ORDER BY log_time, id OFFSET :offset LIMIT :limit
                """)
                .param("ns", namespace).param("fn", functionName).param("rid", requestId)
                .param("offset", offset).param("limit", limit)
                .query(LogRepository::map).list();
    }

    private static LogRecord map(ResultSet rs, int row) throws SQLException {
        Timestamp start = rs.getTimestamp("start_time");
        return new LogRecord(rs.getString("namespace"), rs.getString("function_name"), rs.getString("qualifier"),
                rs.getString("request_id"), rs.getString("type"), rs.getString("level"), rs.getString("message"),
                rs.getTimestamp("log_time").toInstant().toEpochMilli(), start == null ? null : start.toInstant().toEpochMilli(),
                (Long) rs.getObject("duration_ms"), (Integer) rs.getObject("memory_mb"), (Double) rs.getObject("mem_usage_mb"),
                (Integer) rs.getObject("status_code"), rs.getInt("retry_num"), rs.getString("instance_id"));
    }
}
