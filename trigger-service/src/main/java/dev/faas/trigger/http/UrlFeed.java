package dev.faas.trigger.http;

import java.time.Duration;
import java.util.List;

import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import dev.faas.contracts.feed.UrlBinding;
import dev.faas.contracts.feed.UrlChange;
import dev.faas.starter.feed.ChangeLog;
import tools.jackson.databind.ObjectMapper;

/** The URL feed the gateway follows: one entry per function URL created, changed or deleted (rules of {@link ChangeLog}). */
@Component
class UrlFeed {
    private static final long APPEND_LOCK = 0x5CF_0F11L;
    private final ChangeLog log;
    private final ObjectMapper json;

    UrlFeed(JdbcClient jdbc, ObjectMapper json) {
        this.log = new ChangeLog(jdbc, APPEND_LOCK);
        this.json = json;
    }

    void upserted(UrlBinding binding) {
        log.append(UrlChange.Kind.URL_UPSERTED.name(), binding.namespace(), binding.functionName(), json.writeValueAsString(binding));
    }

    void deleted(UrlBinding binding) {
        log.append(UrlChange.Kind.URL_DELETED.name(), binding.namespace(), binding.functionName(), json.writeValueAsString(binding));
    }

    UrlChange.Page read(long after, Duration wait) throws InterruptedException {
        List<UrlChange> changes = log.read(after, wait).stream().map(e -> {
            UrlBinding b = json.readValue(e.payload(), UrlBinding.class);
            return new UrlChange(e.seq(), UrlChange.Kind.valueOf(e.kind()), b.urlId(), b);
        }).toList();
        return new UrlChange.Page(changes, changes.isEmpty() ? after : changes.getLast().seq());
    }

    @EventListener(ContextClosedEvent.class)
    void stopWaiting() {
        log.close();
    }
}
