package dev.faas.starter.feed;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * A change feed in a service's own schema, which other services follow to keep their caches current: the table
 * {@code change_event (seq bigserial, kind, namespace, function_name, payload jsonb, created_at)}. Each service wraps
 * it with its own entry type.
 *
 * <p>Invariant: a follower that reads {@code after=N} and then {@code after=nextAfter} never misses an entry.
 * Appends take a transaction-scoped advisory lock, so entries commit in {@code seq} order and a reader never sees
 * seq N+1 before N. Readers long-poll: they wait on this JVM's monitor, woken after each commit, and re-query at
 * least every second so appends made by another replica are seen too. {@link #close()} ends every long-poll at once.
 */
public final class ChangeLog {
    private static final int PAGE = 500;
    private final JdbcClient jdbc;
    private final long appendLock;
    private final Object appended = new Object();
    private volatile boolean closing;

    /** An entry as stored; {@code payload} is the JSON text the service appended, or null. */
    public record Entry(long seq, String kind, String namespace, String functionName, String payload, Instant at) {
    }

    /** @param appendLock the advisory-lock key that orders appends (distinct per service sharing a database) */
    public ChangeLog(JdbcClient jdbc, long appendLock) {
        this.jdbc = jdbc;
        this.appendLock = appendLock;
    }

    /** Appends inside the caller's transaction; followers are woken once it commits. */
    public void append(String kind, String namespace, String functionName, String payloadJson) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", appendLock).query(Object.class).single();
        jdbc.sql("INSERT INTO change_event (kind, namespace, function_name, payload) VALUES (:kind, :ns, :name, :payload::jsonb)")
                .param("kind", kind).param("ns", namespace).param("name", functionName).param("payload", payloadJson)
                .update();
        if (TransactionSynchronizationManager.isSynchronizationActive()) {
            TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
                @Override
                public void afterCommit() {
                    wakeFollowers();
                }
            });
        } else {
            wakeFollowers();
        }
    }

    /** The entries after {@code after}, waiting up to {@code wait} for one to appear. */
    public List<Entry> read(long after, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<Entry> entries = jdbc.sql("SELECT * FROM change_event WHERE seq > :after ORDER BY seq LIMIT :page")
                    .param("after", after).param("page", PAGE)
                    .query((rs, row) -> new Entry(rs.getLong("seq"), rs.getString("kind"), rs.getString("namespace"),
                            rs.getString("function_name"), rs.getString("payload"), rs.getTimestamp("created_at").toInstant()))
                    .list();
            long remaining = deadline - System.nanoTime();
            if (!entries.isEmpty() || remaining <= 0 || closing) {
                return entries;
            }
            synchronized (appended) {
                appended.wait(Math.max(1, Math.min(1000, remaining / 1_000_000)));
            }
        }
    }

    /**
     * Ends every long-poll at once when the service begins to stop, so graceful shutdown does not wait out their
     * timeouts; followers reconnect to another replica or to this one after its restart.
     */
    public void close() {
        closing = true;
        wakeFollowers();
    }

    private void wakeFollowers() {
        synchronized (appended) {
            appended.notifyAll();
        }
    }
}
