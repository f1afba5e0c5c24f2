package dev.faas.function.feed;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

import dev.faas.contracts.feed.ChangePage;
import dev.faas.contracts.feed.FunctionChange;
import dev.faas.contracts.feed.FunctionView;
import tools.jackson.databind.ObjectMapper;

/**
 * The change feed other services follow to keep their caches current (gateway routes, scheduler views).
 *
 * <p>Invariant: a follower that reads {@code after=N} and then {@code after=nextAfter} never misses an entry.
 * Appends take a transaction-scoped advisory lock, so entries commit in {@code seq} order and a reader never sees
 * seq N+1 before N. Readers long-poll: they wait on this JVM's monitor, woken after each commit, and re-query at
 * least every second so appends made by another replica are seen too.
 */
@Component
public class ChangeFeed {
    private static final long APPEND_LOCK = 0x5CF_FEEDL;
    private static final int PAGE = 500;
    private final JdbcClient jdbc;
    private final ObjectMapper json;
    private final Object appended = new Object();
    private volatile boolean closing;

    ChangeFeed(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Appends inside the caller's transaction; followers are woken once it commits. */
    public void append(FunctionChange.Kind kind, String namespace, String functionName, FunctionView view) {
        jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", APPEND_LOCK).query(Object.class).single();
        jdbc.sql("INSERT INTO change_event (kind, namespace, function_name, payload) VALUES (:kind, :ns, :name, :payload::jsonb)")
                .param("kind", kind.name())
                .param("ns", namespace)
                .param("name", functionName)
                .param("payload", view == null ? null : json.writeValueAsString(view))
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
    public ChangePage read(long after, Duration wait) throws InterruptedException {
        long deadline = System.nanoTime() + wait.toNanos();
        while (true) {
            List<FunctionChange> changes = jdbc.sql("SELECT * FROM change_event WHERE seq > :after ORDER BY seq LIMIT :page")
                    .param("after", after).param("page", PAGE).query(this::map).list();
            long remaining = deadline - System.nanoTime();
            if (!changes.isEmpty() || remaining <= 0 || closing) {
                long next = changes.isEmpty() ? after : changes.getLast().seq();
                return new ChangePage(changes, next);
            }
            synchronized (appended) {
                long millis = Math.max(1, Math.min(1000, remaining / 1_000_000));
                appended.wait(millis);
            }
        }
    }

    /**
     * Ends every long-poll at once when the service begins to stop, so graceful shutdown does not wait out their
     * timeouts; followers reconnect to another replica or to this one after its restart.
     */
    @EventListener(ContextClosedEvent.class)
    void stopWaiting() {
        closing = true;
        wakeFollowers();
    }

    private void wakeFollowers() {
        synchronized (appended) {
            appended.notifyAll();
        }
    }

    private FunctionChange map(ResultSet rs, int row) throws SQLException {
        String payload = rs.getString("payload");
        return new FunctionChange(
                rs.getLong("seq"),
                FunctionChange.Kind.valueOf(rs.getString("kind")),
                rs.getString("namespace"),
                rs.getString("function_name"),
                payload == null ? null : json.readValue(payload, FunctionView.class),
                rs.getTimestamp("created_at").toInstant().toEpochMilli());
    }
}
