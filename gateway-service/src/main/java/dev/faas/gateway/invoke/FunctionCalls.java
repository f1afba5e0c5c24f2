package dev.faas.gateway.invoke;

import java.net.ConnectException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;

import dev.faas.contracts.api.ScfHeaders;
import dev.faas.contracts.error.FunctionStatus;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.contracts.feed.UrlBinding;
import dev.faas.contracts.lease.LeaseGrant;
import dev.faas.contracts.lease.LeaseRequest;
import dev.faas.gateway.urls.TriggerUrls;
import dev.faas.gateway.urls.UrlDirectory;
import io.netty.channel.EventLoop;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.http.client.PrematureCloseException;

/**
 * A function URL's invocation up to its instance, the same for both data paths ({@link DirectProxy} for HTTP,
 * {@link FunctionUrlFilter} in Spring Cloud Gateway for WebSocket upgrades): resolves the URL id from the caches,
 * applies the request size limit, picks the version, takes a slot this gateway holds (the warm path: no call to the
 * scheduler, ADR 0004) or acquires a lease, and hands the request and its {@link Call} to the path's
 * {@link Forwarder}. A {@link Call} gives its slot back once, however the exchange ends, and turns a failure of the
 * proxied call into SCF's status.
 */
final class FunctionCalls {
    private static final Logger log = LoggerFactory.getLogger(FunctionCalls.class);
    private static final Pattern VERSION_NUMBER = Pattern.compile("[1-9][0-9]{0,8}");
    /** How many slots a request without a body may try when instances refuse the connection. */
    private static final int MAX_ATTEMPTS = 2;
    private final UrlDirectory urls;
    private final TriggerUrls triggerUrls;
    private final LeaseClient leases;
    private final SlotKeeper keeper;
    private final UrlIds urlIds;
    private final AliasRouter router;

    FunctionCalls(UrlDirectory urls, TriggerUrls triggerUrls, LeaseClient leases, SlotKeeper keeper, UrlIds urlIds, AliasRouter router) {
        this.urls = urls;
        this.triggerUrls = triggerUrls;
        this.leases = leases;
        this.keeper = keeper;
        this.urlIds = urlIds;
        this.router = router;
    }

    /** How a data path sends an admitted invocation to its instance and its response back. */
    @FunctionalInterface
    interface Forwarder {
        /**
         * @param request the client's request (its chunked body already read, when it had one)
         * @return completes when the exchange has ended; fails with {@link TryAnotherSlot} when the request may go
         *         to another slot
         */
        Mono<Void> forward(ServerHttpRequest request, Call call);
    }

    UrlIds urlIds() {
        return urlIds;
    }

    /** Serves a request for a function URL (one {@link UrlIds} recognises) through {@code forwarder}. */
    Mono<Void> serve(ServerHttpRequest request, ServerHttpResponse response, Forwarder forwarder) {
        UrlIds.Target target = urlIds.target(request);
        if (target == null) {
            return answer(response, FunctionStatus.FUNCTION_NOT_FOUND, null);
        }
        String requestId = ScfHeaders.newRequestId();
        if (request.getHeaders().getContentLength() > PayloadLimits.MAX_REQUEST_BYTES) {
            // read the body before answering, so the client is not reset mid-upload (DESIGN.md §3)
            return request.getBody().doOnNext(DataBufferUtils::release)
                    .then(Mono.defer(() -> answer(response, FunctionStatus.REQUEST_TOO_LARGE, requestId)));
        }
        if (PayloadLimits.isChunked(request)) {
            // a body of unknown length is read first (at most 6 MB), so it is refused before anything reaches the function
            return PayloadLimits.buffered(request)
                    .flatMap(buffered -> invoke(buffered, response, target, requestId, forwarder))
                    .onErrorResume(PayloadLimits.RequestTooLarge.class, e -> answer(response, FunctionStatus.REQUEST_TOO_LARGE, requestId));
        }
        return invoke(request, response, target, requestId, forwarder);
    }

    private Mono<Void> invoke(ServerHttpRequest request, ServerHttpResponse response, UrlIds.Target target, String requestId,
                              Forwarder forwarder) {
        long started = System.nanoTime();
        // the warm path resolves from the caches with no reactive step; a URL not cached yet is looked up once
        Resolved cached = cached(target.urlId());
        Mono<Void> call = cached != null ? run(request, response, target, requestId, started, cached, forwarder)
                : resolve(target.urlId()).map(java.util.Optional::of).defaultIfEmpty(java.util.Optional.empty())
                        .flatMap(found -> run(request, response, target, requestId, started, found.orElse(null), forwarder));
        return call.onErrorResume(e -> {
            log.warn("function URL {} failed before proxying: {}", target.urlId(), e.toString());
            return answer(response, FunctionStatus.INTERNAL_ERROR, requestId);
        });
    }

    private Mono<Void> run(ServerHttpRequest request, ServerHttpResponse response, UrlIds.Target target, String requestId, long started,
                           Resolved found, Forwarder forwarder) {
        String version = found == null ? null : version(found, request.getHeaders()::getFirst);
        if (version == null) {
            return answer(response, FunctionStatus.FUNCTION_NOT_FOUND, requestId);
        }
        FunctionView fn = found.function();
        SlotCache.Key key = slotKey(fn, version);
        return onSlot(request, response, new Admission(target, fn, key, requestId, started, aliasOf(found.qualifier())), MAX_ATTEMPTS,
                refusedOnWarmPath(request), forwarder);
    }

    /** Which slots serve {@code version} of {@code fn}: a published version is immutable, so its revision is 0. */
    private static SlotCache.Key slotKey(FunctionView fn, String version) {
        return new SlotCache.Key(fn.namespace(), fn.name(), version, FunctionView.LATEST.equals(version) ? fn.revision() : 0);
    }

    /** The instance that refused this request on the warm path before it was handed on here, or null (read once). */
    private static String refusedOnWarmPath(ServerHttpRequest request) {
        return request instanceof AbstractServerHttpRequest a && a.getNativeRequest() instanceof Connection c
                ? c.channel().attr(WarmPath.REFUSED_BY).getAndSet(null) : null;
    }

    /**
     * What every attempt of one invocation shares.
     *
     * @param alias the alias the URL invokes (its logs' {@code SCF_Alias}), or null when it names a version or
     *              {@code $LATEST}
     */
    private record Admission(UrlIds.Target target, FunctionView function, SlotCache.Key key, String requestId, long started, String alias) {
    }

    /** {@code qualifier} when it names an alias ({@code $DEFAULT} or one of the function's own), else null. */
    static String aliasOf(String qualifier) {
        return FunctionView.LATEST.equals(qualifier) || VERSION_NUMBER.matcher(qualifier).matches() ? null : qualifier;
    }

    /**
     * Runs the invocation on a slot: one this gateway holds or a lease acquired for it. An instance that refuses the
     * connection sent nothing of the request to anyone, so a request without a body is tried once more on another
     * slot (held slots may point at an instance that died since the gateway last heard from the scheduler).
     */
    private Mono<Void> onSlot(ServerHttpRequest request, ServerHttpResponse response, Admission a, int attempts, String refusedBy,
                              Forwarder forwarder) {
        SlotCache.Slot held = keeper.slots().take(a.key(), System.currentTimeMillis());
        Mono<Void> call;
        if (held != null) {
            keeper.started(held, a.requestId(), System.currentTimeMillis(), a.alias());
            Call attempt = new Call(a, held, attempts > 1);
            call = onConnectionLoop(request, () -> forwarder.forward(request, attempt), attempt::notForwarded);
        } else {
            // the scheduler is told of an instance that refused this request, so it does not grant a slot on it again
            SlotCache.Key key = a.key();
            call = leases.acquire(new LeaseRequest(a.requestId(), key.namespace(), key.function(), key.version(), key.revision(), refusedBy,
                    a.alias()))
                    .flatMap(outcome -> switch (outcome) {
                        case LeaseClient.Refused r -> answer(response, r.status(), r.body(), a.requestId());
                        case LeaseClient.Granted g -> {
                            Call attempt = new Call(a, keeper.slots().adopt(key, g.grant(), System.currentTimeMillis()), attempts > 1);
                            yield onConnectionLoop(request, () -> forwarder.forward(request, attempt), attempt::notForwarded);
                        }
                    });
        }
        return call.onErrorResume(TryAnotherSlot.class, e -> onSlot(request, response, a, attempts - 1, e.instanceId, forwarder));
    }

    /**
     * {@code forward} run on the event loop of the client's connection. A lease (and a function looked up for the first
     * time) completes on whichever thread its own call did; a WebSocket upgrade begun there raced the connection's
     * loop: a frame the client sent as soon as it had the 101 could reach the connection before its WebSocket
     * operations were bound to it, and was dropped (seen: a cold function's first WebSocket got its 101 and never
     * its echo, the client's frame not relayed). Upgrading and proxying on the connection's own loop is also what the
     * warm path does. The slot is already taken: when the exchange ends before {@code forward} has begun (the
     * client went away while the hop was queued, the loop refused it), {@code notForwarded} gives it back.
     */
    static Mono<Void> onConnectionLoop(ServerHttpRequest request, Supplier<Mono<Void>> forward, Consumer<SignalType> notForwarded) {
        Object inbound = request instanceof AbstractServerHttpRequest a ? a.getNativeRequest() : null;
        if (inbound instanceof Connection connection) {
            EventLoop loop = connection.channel().eventLoop();
            if (!loop.inEventLoop()) {
                AtomicBoolean begun = new AtomicBoolean();
                return Mono.defer(() -> {
                            begun.set(true);
                            return forward.get();
                        })
                        .subscribeOn(Schedulers.fromExecutor(loop))
                        .doFinally(signal -> {
                            if (!begun.get()) {
                                notForwarded.accept(signal);
                            }
                        });
            }
        }
        return forward.get();
    }

    /** The instance refused the connection (nothing was sent) and the request may go to another slot. */
    static final class TryAnotherSlot extends RuntimeException {
        final String instanceId;

        TryAnotherSlot(String instanceId) {
            super(null, null, false, false);
            this.instanceId = instanceId;
        }
    }

    /** Whether the request can be sent again as it is: no body (a body is streamed once). */
    static boolean resendable(ServerHttpRequest request) {
        HttpHeaders headers = request.getHeaders();
        return headers.getContentLength() <= 0 && !headers.containsHeader(HttpHeaders.TRANSFER_ENCODING);
    }

    /**
     * One attempt of an invocation on one slot. {@link #release} gives the slot back (a local step: the scheduler
     * hears of it in the next batch) and reports the invocation's end, once, however the exchange ends.
     */
    final class Call {
        private final Admission admission;
        private final SlotCache.Slot slot;
        private final boolean mayRetry;
        private final AtomicBoolean ended = new AtomicBoolean();
        /** set when the client went away: the invocation is reported as 499 */
        private volatile boolean cancelled;
        /** set when the request goes to another slot: this attempt did not run, so it reports no end */
        private volatile boolean retried;
        /** set when the platform, not the function, ended the invocation (433, 434, 439, 500) */
        private volatile FunctionStatus failure;

        private Call(Admission admission, SlotCache.Slot slot, boolean mayRetry) {
            this.admission = admission;
            this.slot = slot;
            this.mayRetry = mayRetry;
        }

        LeaseGrant grant() {
            return slot.grant;
        }

        FunctionView function() {
            return admission.function();
        }

        String requestId() {
            return admission.requestId();
        }

        /** The path for the instance (after the {@code /fn/<UrlId>} prefix, still percent-encoded). */
        String instancePath() {
            return admission.target().instancePath();
        }

        /** The client went away before the exchange ended. */
        void cancelled() {
            cancelled = true;
        }

        /**
         * The exchange ended ({@code signal}) before the request was sent anywhere: the slot goes back free (its
         * instance saw nothing) and the end is reported, as 499 when the client went away, else as a platform error.
         */
        void notForwarded(SignalType signal) {
            if (signal == SignalType.CANCEL) {
                cancelled();
            }
            release(signal == SignalType.CANCEL ? 0 : FunctionStatus.INTERNAL_ERROR.statusCode());
        }

        /**
         * Gives the slot back and reports the end, the first time only.
         *
         * @param statusCode the response's status as the client got it (0 when none was set)
         */
        void release(int statusCode) {
            if (!ended.compareAndSet(false, true)) {
                return;
            }
            if (retried) {
                keeper.slots().drop(slot);
                keeper.flushSoon();
                return;
            }
            int code = cancelled ? FunctionStatus.REQUEST_CANCELLED.statusCode() : statusCode == 0 ? 200 : statusCode;
            long now = System.currentTimeMillis();
            keeper.ended(slot, admission.requestId(), now, code, (System.nanoTime() - admission.started()) / 1_000_000);
            FunctionStatus failed = failure;
            if (failed == null) {
                if (!keeper.slots().give(slot, now)) {
                    keeper.flushSoon(); // retired while busy: its quota goes back at once, not at the next tick
                }
                return;
            }
            if (failed == FunctionStatus.USER_PROCESS_EXIT || failed == FunctionStatus.MEMORY_LIMIT_REACHED) {
                keeper.slots().dropInstance(slot.grant.instanceId());
            }
            keeper.slots().drop(slot);
            keeper.flushSoon();
        }

        /**
         * What the proxied call's failure means: the execution timeout (433), the instance gone (439, or 434 when its
         * memory limit killed it, as the scheduler saw it) or a platform error (500), answered through {@code answer}
         * (which does nothing once the response has begun); or, for a refused connection of a request that can be
         * sent again, a {@link TryAnotherSlot} error after the instance's slots are dropped.
         */
        Mono<Void> failed(Throwable e, boolean committed, boolean resendable, Function<FunctionStatus, Mono<Void>> answer) {
            boolean refused = e instanceof ConnectException || e.getCause() instanceof ConnectException;
            FunctionStatus status = e instanceof TimeoutException ? FunctionStatus.TIME_LIMIT_REACHED
                    : refused || e instanceof PrematureCloseException ? FunctionStatus.USER_PROCESS_EXIT : FunctionStatus.INTERNAL_ERROR;
            return failed(e, status, refused, committed, resendable, answer);
        }

        /**
         * As {@link #failed(Throwable, boolean, boolean, Function)}, the failure already read: {@code status} 433 for
         * the execution timeout, 439 for an instance that refused the connection ({@code refused}) or closed it
         * before the response's end, else 500.
         */
        Mono<Void> failed(Throwable e, FunctionStatus status, boolean refused, boolean committed, boolean resendable,
                          Function<FunctionStatus, Mono<Void>> answer) {
            LeaseGrant grant = slot.grant;
            if (refused && mayRetry && !committed && resendable) {
                log.info("instance {} refused request {}: trying another slot", grant.instanceId(), admission.requestId());
                retried = true;
                // before the next slot is taken (this attempt's release runs after the retry has begun)
                keeper.slots().dropInstance(grant.instanceId());
                return Mono.error(new TryAnotherSlot(grant.instanceId()));
            }
            log.info("request {} to instance {} failed: {}", admission.requestId(), grant.instanceId(), e.toString());
            failure = status;
            if (status == FunctionStatus.USER_PROCESS_EXIT) {
                return leases.exitStatus(grant.instanceId()).flatMap(s -> {
                    failure = s;
                    return answer.apply(s);
                });
            }
            return answer.apply(status);
        }
    }

    /**
     * The warm path's admission ({@link WarmPath}): an invocation of a URL the caches know, on a slot this gateway
     * holds on an instance that serves several requests at once, taken and reported started; or null, with nothing
     * taken, when the request must go the general way ({@link #serve}: a URL not cached, a qualifier naming nothing,
     * no free slot, an instance serving one request at a time).
     *
     * @param header the client's request header of a name, or null
     */
    Call warm(String urlId, String instancePath, Function<String, String> header) {
        Resolved found = cached(urlId);
        String version = found == null ? null : version(found, header);
        if (version == null) {
            return null;
        }
        FunctionView fn = found.function();
        SlotCache.Key key = slotKey(fn, version);
        long now = System.currentTimeMillis();
        SlotCache.Slot held = keeper.slots().take(key, now);
        if (held == null) {
            return null;
        }
        if (held.grant.slots() <= 1) {
            keeper.slots().give(held, now); // never started: free again as it was
            return null;
        }
        Admission a = new Admission(new UrlIds.Target(urlId, instancePath), fn, key, ScfHeaders.newRequestId(), System.nanoTime(),
                aliasOf(found.qualifier()));
        keeper.started(held, a.requestId(), now, a.alias());
        return new Call(a, held, true);
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
    private record Resolved(FunctionView function, String qualifier) {
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
    private String version(Resolved r, Function<String, String> header) {
        if (aliasOf(r.qualifier()) == null) {
            return r.qualifier();
        }
        var alias = r.function().alias(r.qualifier());
        return alias == null ? null : router.pick(alias, header);
    }

    static Mono<Void> answer(ServerHttpResponse response, FunctionStatus status, String requestId) {
        return answer(response, status.statusCode(), status.bodyJson().getBytes(), requestId);
    }

    /** SCF's error answer through Spring's response; nothing once the response has begun. */
    static Mono<Void> answer(ServerHttpResponse response, int status, byte[] body, String requestId) {
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
}
