package dev.faas.trigger.http;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import dev.faas.contracts.feed.ChangePage;
import dev.faas.contracts.feed.FunctionChange;
import dev.faas.trigger.TriggerProperties;
import tools.jackson.databind.ObjectMapper;

/**
 * Follows function-service's change feed and deletes the triggers of each deleted function, as SCF does, so a new
 * function of the same name starts without the old one's URLs. The cursor is kept in memory: after a restart the
 * feed is read from the start, which is idempotent (deleting no triggers twice).
 */
@Component
class FunctionDeletions {
    private static final Logger log = LoggerFactory.getLogger(FunctionDeletions.class);
    private static final Duration WAIT = Duration.ofSeconds(25);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpTriggers triggers;
    private final ObjectMapper json;
    private final String baseUrl;
    private volatile boolean running = true;
    private volatile Thread follower;

    FunctionDeletions(HttpTriggers triggers, ObjectMapper json, TriggerProperties properties) {
        this.triggers = triggers;
        this.json = json;
        this.baseUrl = properties.functionServiceUrl().replaceAll("/+$", "");
    }

    @EventListener(ApplicationReadyEvent.class)
    void follow() {
        follower = Thread.ofVirtual().name("function-deletions").start(this::run);
    }

    private void run() {
        long after = 0;
        long pause = 200;
        while (running) {
            try {
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/internal/v1/changes?after=" + after
                        + "&waitMs=" + WAIT.toMillis())).timeout(WAIT.plusSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new java.io.IOException("function-service answered " + response.statusCode());
                }
                ChangePage page = json.readValue(response.body(), ChangePage.class);
                for (FunctionChange change : page.changes()) {
                    if (change.kind() == FunctionChange.Kind.FUNCTION_DELETED) {
                        int deleted = triggers.deleteAllOf(change.namespace(), change.functionName());
                        if (deleted > 0) {
                            log.info("deleted {} trigger(s) of the deleted function {}/{}", deleted, change.namespace(), change.functionName());
                        }
                    }
                }
                after = page.nextAfter();
                pause = 200;
            } catch (InterruptedException e) {
                return;
            } catch (Exception e) {
                if (!running) {
                    return;
                }
                log.debug("function feed: {}", e.toString());
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException stop) {
                    return;
                }
                pause = Math.min(5000, pause * 2);
            }
        }
    }

    @EventListener(ContextClosedEvent.class)
    void stop() {
        running = false;
        Thread t = follower;
        if (t != null) {
            t.interrupt();
        }
    }
}
