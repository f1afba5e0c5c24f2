package dev.faas.gateway.invoke;

import java.net.ConnectException;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;


import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import dev.faas.contracts.api.ScfHeaders;
import dev.faas.contracts.error.FunctionStatus;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.contracts.feed.UrlBinding;
import dev.faas.contracts.lease.LeaseGrant;
import dev.faas.contracts.lease.LeaseRequest;
import dev.faas.gateway.GatewayProperties;
import dev.faas.gateway.urls.TriggerUrls;
import dev.faas.gateway.urls.UrlDirectory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * Serves a function URL: resolves the URL id, takes a slot the gateway holds or acquires a lease, marks the exchange
 * with the {@link Invocation} (from which {@link InstanceAddressFilter} and {@link ScfRequestHeaders} point the call
 * at the instance and set the platform's headers), lets Spring Cloud Gateway proxy and stream it, and gives the slot
 * back when the response has been written or the client went away (ADR 0004).
 *
 * <p>Ordered before {@code NettyWriteResponseFilter} so that its completion covers the whole streamed body; the
 * instance address is put in place by {@link InstanceAddressFilter} after the route URL is computed.
 */
final class FunctionUrlFilter implements GatewayFilter, Ordered {
    static final String INVOCATION = FunctionUrlFilter.class.getName() + ".invocation";

    /**
     * What the proxied call needs to know of the invocation: the slot's grant, the path for the instance (after the
     * {@code /fn/<UrlId>} prefix, still percent-encoded) and the values of the platform's request headers.
     */
    record Invocation(LeaseGrant grant, String instancePath, String requestId, String functionName, String namespace) {
    }
    private static final java.util.regex.Pattern VERSION_NUMBER = java.util.regex.Pattern.compile("[1-9][0-9]{0,8}");
    private static final Logger log = LoggerFactory.getLogger(FunctionUrlFilter.class);
    private final UrlDirectory urls;
    private final LeaseClient leases;
    private final GatewayProperties properties;
    private final UrlIds urlIds;
    private final AliasRouter router;
    private final TriggerUrls triggerUrls;
    private final SlotKeeper keeper;
    private final Deadline deadline;

    FunctionUrlFilter(UrlDirectory urls, TriggerUrls triggerUrls, LeaseClient leases, SlotKeeper keeper, GatewayProperties properties,
                      UrlIds urlIds, AliasRouter router, Deadline deadline) {
        this.keeper = keeper;
        this.deadline = deadline;
        this.router = router;
        this.triggerUrls = triggerUrls;
        this.urls = urls;
        this.leases = leases;
        this.properties = properties;
        this.urlIds = urlIds;
    }

    @Override
    public int getOrder() {
        return -10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        UrlIds.Target target = urlIds.target(exchange.getRequest());
        if (target == null) {
            return answer(exchange, FunctionStatus.FUNCTION_NOT_FOUND.statusCode(), FunctionStatus.FUNCTION_NOT_FOUND.bodyJson().getBytes(), null);
        }
        String requestId = ScfHeaders.newRequestId();
        if (exchange.getRequest().getHeaders().getContentLength() > PayloadLimits.MAX_REQUEST_BYTES) {
            // read the body before answering, so the client is not reset mid-upload (DESIGN.md §3)
            return exchange.getRequest().getBody().doOnNext(org.springframework.core.io.buffer.DataBufferUtils::release)
                    .then(Mono.defer(() -> status(exchange, FunctionStatus.REQUEST_TOO_LARGE, requestId)));
        }
        if (PayloadLimits.isChunked(exchange.getRequest())) {
            // a body of unknown length is read first (at most 6 MB), so it is refused before anything reaches the function
            return PayloadLimits.buffered(exchange.getRequest())
                    .flatMap(buffered -> invoke(exchange.mutate().request(buffered).build(), chain, target, requestId))
                    .onErrorResume(PayloadLimits.RequestTooLarge.class, e -> status(exchange, FunctionStatus.REQUEST_TOO_LARGE, requestId));
        }
        return invoke(exchange, chain, target, requestId);
    }

    private Mono<Void> invoke(ServerWebExchange exchange, GatewayFilterChain chain, UrlIds.Target target, String requestId) {
        long started = System.nanoTime();
        // the warm path resolves from the caches with no reactive step; a URL not cached yet is looked up once
        Resolved cached = cached(target.urlId());
        Mono<Void> call = cached != null ? run(exchange, chain, target, requestId, started, cached)
                : resolve(target.urlId()).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                        .flatMap(found -> run(exchange, chain, target, requestId, started, found.orElse(null)));
        return call.onErrorResume(e -> {
            log.warn("function URL {} failed before proxying: {}", target.urlId(), e.toString());
            return answer(exchange, 500, FunctionStatus.INTERNAL_ERROR.bodyJson().getBytes(), requestId);
        });
    }

    private Mono<Void> run(ServerWebExchange exchange, GatewayFilterChain chain, UrlIds.Target target, String requestId, long started,
                           Resolved found) {
        String version = found == null ? null : version(found, exchange);
        if (version == null) {
            return answer(exchange, FunctionStatus.FUNCTION_NOT_FOUND.statusCode(), FunctionStatus.FUNCTION_NOT_FOUND.bodyJson().getBytes(), requestId);
        }
        FunctionView fn = found.function();
        // a published version is immutable, so its revision is 0
        long revision = FunctionView.LATEST.equals(version) ? fn.revision() : 0;
        SlotCache.Key key = new SlotCache.Key(fn.namespace(), fn.name(), version, revision);
        return onSlot(exchange, chain, target, fn, key, requestId, started, MAX_ATTEMPTS, null);
    }

    /**
     * Runs the invocation on a slot: one this gateway holds (the warm path, no call to the scheduler, ADR 0004) or a
     * lease acquired for it. An instance that refuses the connection sent nothing of the request to anyone, so a
     * request without a body is tried once more on another slot (held slots may point at an instance that died
     * since the gateway last heard from the scheduler).
     */
    private Mono<Void> onSlot(ServerWebExchange exchange, GatewayFilterChain chain, UrlIds.Target target, FunctionView fn,
                              SlotCache.Key key, String requestId, long started, int attempts, String refusedBy) {
        SlotCache.Slot held = keeper.slots().take(key, System.currentTimeMillis());
        Mono<Void> call;
        if (held != null) {
            keeper.started(held, requestId, System.currentTimeMillis());
            call = proxy(exchange, chain, target, fn, held, requestId, started, attempts > 1);
        } else {
            // the scheduler is told of an instance that refused this request, so it does not grant a slot on it again
            call = leases.acquire(new LeaseRequest(requestId, fn.namespace(), fn.name(), key.version(), key.revision(), refusedBy))
                    .flatMap(outcome -> switch (outcome) {
                        case LeaseClient.Refused r -> answer(exchange, r.status(), r.body(), requestId);
                        case LeaseClient.Granted g -> proxy(exchange, chain, target, fn,
                                keeper.slots().adopt(key, g.grant(), System.currentTimeMillis()), requestId, started, attempts > 1);
                    });
        }
        return call.onErrorResume(TryAnotherSlot.class, e -> {
            // Spring Cloud Gateway marks the exchange routed and may have copied response headers: undone first
            org.springframework.cloud.gateway.support.ServerWebExchangeUtils.reset(exchange);
            return onSlot(exchange, chain, target, fn, key, requestId, started, attempts - 1, e.instanceId);
        });
    }

    /** How many slots a request without a body may try when instances refuse the connection. */
    private static final int MAX_ATTEMPTS = 2;

    /** The instance refused the connection (nothing was sent) and the request may go to another slot. */
    private static final class TryAnotherSlot extends RuntimeException {
        final String instanceId;

        TryAnotherSlot(String instanceId) {
            super(null, null, false, false);
            this.instanceId = instanceId;
        }
    }

    /** Whether the request can be sent again as it is: no body (a body is streamed once). */
    private static boolean resendable(ServerWebExchange exchange) {
        HttpHeaders headers = exchange.getRequest().getHeaders();
        return headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /** What the caches say a URL id invokes, or null when they do not know it (yet). */
    private Resolved cached(String urlId) {
        UrlBinding binding = triggerUrls.cached(urlId);
        if (binding == null) {
            FunctionView own = urls.cached(urlId);
            return own == null ? null : new Resolved(own, FunctionView.DEFAULT_ALIAS);
        }
        FunctionView fn = binding.enabled() ? urls.cachedFunction(binding.namespace(), binding.functionName()) : null;
        return fn == null ? null : new Resolved(fn, binding.qualifier());
    }

    /** What a URL invokes: the function and the qualifier ($LATEST, a version or an alias). */
    record Resolved(FunctionView function, String qualifier) {
    }

    /**
     * A URL id is either an {@code http} trigger's (bound to a qualifier; a disabled one is not served) or the
     * function's own URL, which invokes {@code $DEFAULT}.
     */
    private Mono<Resolved> resolve(String urlId) {
        return triggerUrls.resolve(urlId)
                .flatMap(b -> b.enabled() ? urls.function(b.namespace(), b.functionName()).map(fn -> new Resolved(fn, b.qualifier()))
                        : Mono.<Resolved>empty())
                .switchIfEmpty(Mono.defer(() -> urls.resolve(urlId).map(fn -> new Resolved(fn, FunctionView.DEFAULT_ALIAS))));
    }

    /** The version this request runs, or null when the qualifier names nothing of the function (any more). */
    private String version(Resolved r, ServerWebExchange exchange) {
        if (FunctionView.LATEST.equals(r.qualifier()) || VERSION_NUMBER.matcher(r.qualifier()).matches()) {
            return r.qualifier();
        }
        var alias = r.function().alias(r.qualifier());
        return alias == null ? null : router.pick(alias, exchange.getRequest().getHeaders()::getFirst);
    }

    private Mono<Void> proxy(ServerWebExchange exchange, GatewayFilterChain chain, UrlIds.Target target, FunctionView fn,
                             SlotCache.Slot slot, String requestId, long started, boolean mayRetry) {
        LeaseGrant grant = slot.grant;
        AtomicBoolean cancelled = new AtomicBoolean();
        // set when the platform, not the function, ended the invocation (433, 434, 439, 500)
        java.util.concurrent.atomic.AtomicReference<FunctionStatus> failure = new java.util.concurrent.atomic.AtomicReference<>();
        AtomicBoolean ended = new AtomicBoolean();
        // set when the request goes to another slot: this attempt did not run, so it reports no end
        AtomicBoolean retried = new AtomicBoolean();
        ServerHttpResponse original = exchange.getResponse();
        // gives the slot back (a local step: the scheduler hears of it in the next batch), once, however the exchange ends
        Runnable release = () -> {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            if (retried.get()) {
                keeper.slots().drop(slot);
                keeper.flushSoon();
                return;
            }
            HttpStatusCode code = cancelled.get() ? HttpStatusCode.valueOf(FunctionStatus.REQUEST_CANCELLED.statusCode()) : original.getStatusCode();
            long now = System.currentTimeMillis();
            keeper.ended(slot, requestId, now, code == null ? 200 : code.value(), (System.nanoTime() - started) / 1_000_000);
            FunctionStatus failed = failure.get();
            if (failed == null) {
                if (!keeper.slots().give(slot, now)) {
                    keeper.flushSoon(); // retired while busy: its quota goes back at once, not at the next tick
                }
                return;
            }
            if (failed == FunctionStatus.USER_PROCESS_EXIT || failed == FunctionStatus.MEMORY_LIMIT_REACHED) {
                keeper.slots().dropInstance(grant.instanceId());
            }
            keeper.slots().drop(slot);
            keeper.flushSoon();
        };
        // the request is not copied: ScfRequestHeaders sets the platform's headers in the copy Spring Cloud Gateway
        // makes anyway, and InstanceAddressFilter points the call at the instance with the path after the URL id
        ServerWebExchange forwarded = exchange.mutate()
                .response(PayloadLimits.limitResponse(new ReleasingResponse(original, release))).build();
        forwarded.getAttributes().put(INVOCATION, new Invocation(grant, target.instancePath(), requestId, fn.name(), fn.namespace()));
        forwarded.getResponse().getHeaders().set(ScfHeaders.REQUEST_ID, requestId);
        // which version ran, for the caller (the instance gets it as a request header too)
        forwarded.getResponse().getHeaders().set(ScfHeaders.VERSION, grant.version());
        // the execution timeout covers the whole exchange, streams included (spec part 1 §6: SSE counts against it)
        return deadline.bound(chain.filter(forwarded), java.time.Duration.ofSeconds(grant.timeoutSeconds()))
                .onErrorResume(e -> {
                    boolean refused = e instanceof ConnectException || e.getCause() instanceof ConnectException;
                    FunctionStatus status = e instanceof java.util.concurrent.TimeoutException ? FunctionStatus.TIME_LIMIT_REACHED
                            : refused || e instanceof reactor.netty.http.client.PrematureCloseException
                            ? FunctionStatus.USER_PROCESS_EXIT : FunctionStatus.INTERNAL_ERROR;
                    if (refused && mayRetry && !original.isCommitted() && resendable(exchange)) {
                        log.info("instance {} refused request {}: trying another slot", grant.instanceId(), requestId);
                        retried.set(true);
                        // before the next slot is taken (this attempt's release runs after the retry has begun)
                        keeper.slots().dropInstance(grant.instanceId());
                        return Mono.error(new TryAnotherSlot(grant.instanceId()));
                    }
                    log.info("request {} to instance {} failed: {}", requestId, grant.instanceId(), e.toString());
                    failure.set(status);
                    if (status == FunctionStatus.USER_PROCESS_EXIT) {
                        // the instance went away: its memory limit (434) or its own exit (439), as the scheduler saw it
                        return leases.exitStatus(grant.instanceId()).flatMap(s -> {
                            failure.set(s);
                            return status(forwarded, s, requestId);
                        });
                    }
                    return answer(forwarded, status.statusCode(), status.bodyJson().getBytes(), requestId);
                })
                .doFinally(signal -> {
                    // responses that did not end through ReleasingResponse (no body, error, client gone)
                    cancelled.set(signal == SignalType.CANCEL);
                    release.run();
                });
    }

    private static Mono<Void> status(ServerWebExchange exchange, FunctionStatus status, String requestId) {
        return answer(exchange, status.statusCode(), status.bodyJson().getBytes(), requestId);
    }

    private static Mono<Void> answer(ServerWebExchange exchange, int status, byte[] body, String requestId) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(HttpStatusCode.valueOf(status));
        HttpHeaders headers = response.getHeaders();
        headers.setContentType(MediaType.APPLICATION_JSON);
        if (requestId != null) {
            headers.set(ScfHeaders.REQUEST_ID, requestId);
        }
        DataBuffer buffer = response.bufferFactory().wrap(body);
        return response.writeWith(Mono.just(buffer));
    }

    @Override
    public String toString() {
        return "FunctionUrl[domain=" + properties.domain() + "]";
    }
}
