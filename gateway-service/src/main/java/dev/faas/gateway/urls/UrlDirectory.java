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

import dev.faas.contracts.feed.ChangePage;
import dev.faas.contracts.feed.FunctionChange;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.gateway.GatewayProperties;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Function URL id → function, and function → its view (with the aliases the gateway routes by), kept current by
 * following function-service's change feed (long-poll). A URL or function the cache does not know yet (created a
 * moment ago) is looked up directly once. While function-service is away the cache keeps answering with what it knows.
 */
@Component
public class UrlDirectory {
    private static final Logger log = LoggerFactory.getLogger(UrlDirectory.class);
    private final Map<String, FunctionView> byUrlId = new ConcurrentHashMap<>();
    private final Map<String, String> urlIdByFunction = new ConcurrentHashMap<>();
    private final Map<String, FunctionView> byFunction = new ConcurrentHashMap<>();
    private final AtomicLong cursor = new AtomicLong();
    private final WebClient functions;
    private final GatewayProperties properties;
    private volatile Disposable follower;

    UrlDirectory(WebClient.Builder web, GatewayProperties properties) {
        this.functions = web.clone().baseUrl(properties.functionServiceUrl()).build();
        this.properties = properties;
    }

    /** The cached view of a function's {@code $LATEST}, or null (no lookup). */
    public FunctionView cachedFunction(String namespace, String name) {
        return byFunction.get(namespace + "/" + name);
    }

    /** What the cache knows of this URL id now, or null (no lookup). */
    public FunctionView cached(String urlId) {
        return byUrlId.get(urlId);
    }

    public Mono<FunctionView> resolve(String urlId) {
        FunctionView known = byUrlId.get(urlId);
        if (known != null) {
            return Mono.just(known);
        }
        if (!urlId.matches("[a-z0-9]{1,63}")) {
            return Mono.empty();
        }
        return functions.get().uri("/internal/v1/urls/{urlId}", urlId).retrieve().bodyToMono(FunctionView.class)
                .timeout(Duration.ofSeconds(5))
                .doOnNext(this::remember)
                .onErrorResume(WebClientResponseException.class, e -> e.getStatusCode() == HttpStatus.NOT_FOUND ? Mono.empty() : Mono.error(e));
    }

    /** The view of a function's {@code $LATEST} (with its aliases), from the cache or asked once. */
    public Mono<FunctionView> function(String namespace, String name) {
        FunctionView known = byFunction.get(namespace + "/" + name);
        if (known != null) {
            return Mono.just(known);
        }
        return functions.get().uri("/internal/v1/namespaces/{ns}/functions/{name}/view", namespace, name).retrieve().bodyToMono(FunctionView.class)
                .timeout(Duration.ofSeconds(5))
                .doOnNext(this::remember)
                .onErrorResume(WebClientResponseException.class, e -> e.getStatusCode() == HttpStatus.NOT_FOUND ? Mono.empty() : Mono.error(e));
    }

    @EventListener(ApplicationReadyEvent.class)
    void follow() {
        follower = FeedFollower.follow(this::nextPage, this::apply, log, "change feed");
    }

    private Mono<ChangePage> nextPage() {
        return functions.get()
                .uri(u -> u.path("/internal/v1/changes").queryParam("after", cursor.get()).queryParam("waitMs", properties.feedWait().toMillis()).build())
                .retrieve().bodyToMono(ChangePage.class)
                .timeout(properties.feedWait().plusSeconds(10));
    }

    private void apply(ChangePage page) {
        for (FunctionChange change : page.changes()) {
            String function = change.namespace() + "/" + change.functionName();
            switch (change.kind()) {
                case FUNCTION_UPSERTED -> remember(change.function());
                case FUNCTION_DELETED -> {
                    byFunction.remove(function);
                    String urlId = urlIdByFunction.remove(function);
                    if (urlId != null) {
                        byUrlId.remove(urlId);
                    }
                }
            }
        }
        cursor.set(page.nextAfter());
    }

    private void remember(FunctionView view) {
        if (view == null) {
            return;
        }
        String function = view.namespace() + "/" + view.name();
        byFunction.merge(function, view, (old, fresh) -> fresh.revision() >= old.revision() ? fresh : old);
        if (view.urlId() == null) {
            return;
        }
        String previous = urlIdByFunction.put(function, view.urlId());
        if (previous != null && !previous.equals(view.urlId())) {
            byUrlId.remove(previous);
        }
        byUrlId.merge(view.urlId(), view, (old, fresh) -> fresh.revision() >= old.revision() ? fresh : old);
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
