package dev.faas.trigger.http;

import java.time.Duration;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.feed.UrlBinding;
import dev.faas.contracts.feed.UrlChange;
import dev.faas.starter.ScfException;

/** Service-to-service endpoints the gateway uses: the URL feed (long-poll) and a lookup by URL id. */
@RestController
class UrlController {
    private static final Duration MAX_WAIT = Duration.ofSeconds(30);
    private final UrlFeed feed;
    private final HttpTriggers triggers;

    UrlController(UrlFeed feed, HttpTriggers triggers) {
        this.feed = feed;
        this.triggers = triggers;
    }

    @GetMapping("/internal/v1/url-changes")
    UrlChange.Page changes(@RequestParam(defaultValue = "0") long after, @RequestParam(defaultValue = "0") long waitMs) throws InterruptedException {
        Duration wait = Duration.ofMillis(Math.max(0, waitMs));
        return feed.read(after, wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait);
    }

    @GetMapping("/internal/v1/urls/{urlId}")
    UrlBinding byUrlId(@PathVariable String urlId) {
        return triggers.byUrlId(urlId).orElseThrow(() -> new ScfException(ScfError.TRIGGER_NOT_FOUND, "No function URL " + urlId + "."));
    }
}
