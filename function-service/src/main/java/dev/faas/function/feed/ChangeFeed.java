package dev.faas.function.feed;

import java.time.Duration;
import java.util.List;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.faas.contracts.feed.ChangePage;
import dev.faas.contracts.feed.FunctionChange;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.starter.feed.ChangeLog;
import tools.jackson.databind.ObjectMapper;

/**
 * function-service's change feed, which the gateway (routes) and the scheduler (views) follow: one entry per change
 * of a function, with the function's view after it. Ordering and long-poll rules are {@link ChangeLog}'s.
 */
@Component
public class ChangeFeed {
    private static final long APPEND_LOCK = 0x5CF_FEEDL;
    private final ChangeLog log;
    private final ObjectMapper json;

    ChangeFeed(JdbcClient jdbc, ObjectMapper json) {
        this.log = new ChangeLog(jdbc, APPEND_LOCK);
        this.json = json;
    }

    /** Appends inside the caller's transaction; followers are woken once it commits. */
    public void append(FunctionChange.Kind kind, String namespace, String functionName, FunctionView view) {
        log.append(kind.name(), namespace, functionName, view == null ? null : json.writeValueAsString(view));
    }

    /** The entries after {@code after}, waiting up to {@code wait} for one to appear. */
    public ChangePage read(long after, Duration wait) throws InterruptedException {
        List<FunctionChange> changes = log.read(after, wait).stream().map(e -> new FunctionChange(e.seq(), FunctionChange.Kind.valueOf(e.kind()),
                e.namespace(), e.functionName(), e.payload() == null ? null : json.readValue(e.payload(), FunctionView.class),
                e.at().toEpochMilli())).toList();
        return new ChangePage(changes, changes.isEmpty() ? after : changes.getLast().seq());
    }

    @EventListener(ContextClosedEvent.class)
    void stopWaiting() {
        log.close();
    }
}
