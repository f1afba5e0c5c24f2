package dev.faas.gateway.urls;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.context.event.EventListener;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;

import dev.faas.contracts.feed.UrlBinding;
import dev.faas.contracts.feed.UrlChange;
import dev.faas.gateway.GatewayProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Function URLs created as {@code http} triggers: URL id → what it invokes, kept current by following
 * trigger-service's URL feed; an id the cache does not know yet is looked up once. A deleted trigger's URL is
 * forgotten when its feed entry arrives.
 */
@Component
public class TriggerUrls {
    private static final Logger log = LoggerFactory.getLogger(TriggerUrls.class);
    private final Map<String, UrlBinding> byUrlId = new ConcurrentHashMap<>();
    private final AtomicLong cursor = new AtomicLong();
    private final WebClient triggers;
    private final GatewayProperties properties;
    private volatile Disposable follower;

    TriggerUrls(WebClient.Builder web, GatewayProperties properties) {
        this.triggers = web.clone().baseUrl(properties.triggerServiceUrl()).build();
        this.properties = properties;
    }

    /** What the cache knows of this URL id now, or null (no lookup). */
    public UrlBinding cached(String urlId) {
        return byUrlId.get(urlId);
    }

    public Mono<UrlBinding> resolve(String urlId) {
        UrlBinding known = byUrlId.get(urlId);
        if (known != null) {
            return Mono.just(known);
        }
        if (!urlId.matches("[a-z0-9]{1,63}")) {
            return Mono.empty();
        }
        return triggers.get().uri("/internal/v1/urls/{urlId}", urlId).retrieve().bodyToMono(UrlBinding.class)
                .timeout(Duration.ofSeconds(5))
                .doOnNext(b -> byUrlId.put(b.urlId(), b))
                .onErrorResume(WebClientResponseException.class, e -> e.getStatusCode() == HttpStatus.NOT_FOUND ? Mono.empty() : Mono.error(e));
    }

    @EventListener(ApplicationReadyEvent.class)
    void follow() {
        follower = FeedFollower.follow(() -> triggers.get()
                        .uri(u -> u.path("/internal/v1/url-changes").queryParam("after", cursor.get())
                                .queryParam("waitMs", properties.feedWait().toMillis()).build())
                        .retrieve().bodyToMono(UrlChange.Page.class)
                        .timeout(properties.feedWait().plusSeconds(10)),
                this::apply, log, "URL feed");
    }

    private void apply(UrlChange.Page page) {
        for (UrlChange change : page.changes()) {
            switch (change.kind()) {
                case URL_UPSERTED -> byUrlId.put(change.urlId(), change.binding());
                case URL_DELETED -> byUrlId.remove(change.urlId());
            }
        }
        cursor.set(page.nextAfter());
    }

    /**
     * Stops following when the gateway begins to close, before its lifecycle stops the event loops: a feed cut by
     * their end was retried on loops already gone (Netty's "Force-closing a channel whose registration task was not
     * accepted" at every stop).
     */
    @EventListener(ContextClosedEvent.class)
    void stopFollowing() {
        Disposable f = follower;
        if (f != null) {
            f.dispose();
        }
    }
}
