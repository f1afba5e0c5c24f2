package dev.faas.scheduler.instance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.faas.scheduler.core.PoolKey;

/** The {@code scheduler.instance} table: what was started, and when it stopped. */
@Repository
public class InstanceRepository {
    private static final Logger log = LoggerFactory.getLogger(InstanceRepository.class);
    private final JdbcClient jdbc;

    InstanceRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    /** A process recorded as running. */
    public record Running(String id, long pid, Instant pidStartedAt) {
    }

    public void started(String id, PoolKey pool, String provider, String host, int port, long pid, Instant pidStartedAt, Instant at) {
        jdbc.sql("""
                INSERT INTO instance (id, namespace, function_name, version, revision, provider, host, port, pid, pid_started_at, started_at)
                VALUES (:id, :ns, :fn, :version, :revision, :provider, :host, :port, :pid, :pidStarted, :at)
                """)
                .param("id", id).param("ns", pool.namespace()).param("fn", pool.function()).param("version", pool.version())
                .param("revision", pool.revision()).param("provider", provider).param("host", host).param("port", port)
                .param("pid", pid).param("pidStarted", pidStartedAt == null ? null : Timestamp.from(pidStartedAt))
                .param("at", Timestamp.from(at))
                .update();
    }

    /**
     * Best effort: an instance that stops while the database is away stays recorded as running, and the next start
     * of the scheduler reaps it ({@link OrphanReaper}).
     */
    public void stopped(String id, Instant at, String reason) {
        try {
            jdbc.sql("UPDATE instance SET stopped_at = :at, stop_reason = :reason WHERE id = :id AND stopped_at IS NULL")
                    .param("id", id).param("at", Timestamp.from(at)).param("reason", reason).update();
        } catch (DataAccessException e) {
            log.warn("could not record that instance {} stopped: {}", id, e.getMessage());
        }
    }

    public List<Running> running(String provider) {
        return jdbc.sql("SELECT id, pid, pid_started_at FROM instance WHERE provider = :provider AND stopped_at IS NULL")
                .param("provider", provider)
                .query((rs, n) -> new Running(rs.getString("id"), rs.getLong("pid"),
                        rs.getTimestamp("pid_started_at") == null ? null : rs.getTimestamp("pid_started_at").toInstant()))
                .list();
    }
}
