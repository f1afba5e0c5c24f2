package dev.faas.gateway.invoke;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The direct data path's HTTP clients to instances. For an instance that serves several requests at once, one client
 * per server event loop, each with its own connection pool whose connections live on that loop: the request is
 * proxied on the client connection's own thread, so the write to the instance, the response's read and its write
 * back run on one event loop with no hand-over between threads. With one shared pool a request takes whichever idle
 * connection comes first, usually one on another loop, and then crosses threads twice (to the instance and back),
 * each time waking a sleeping event loop: on this two-core machine, 2.6 context switches a request against 1.2, and
 * 0.9 ms of added p95 at 1,000 req/s (docs/performance.md).
 *
 * <p>An instance that serves one request at a time (SCF's default) takes the shared client ({@code fallback}, Spring
 * Cloud Gateway's): its calls follow one another on one kept-alive connection. Per-loop pools would leave an idle
 * connection on each loop a call came through, and a server that serves one connection at a time (Python's
 * {@code http.server}) would never accept the next one. An instance declared to serve N at once must accept up to N
 * connections per event loop, idle kept-alive ones included; any server that runs each connection on an event loop,
 * a thread of its own or a virtual thread does.
 *
 * <p>A request that does not come from a Reactor Netty connection takes the fallback too.
 */
final class LoopClients implements AutoCloseable {
    private final Map<EventLoop, Entry> clients = new ConcurrentHashMap<>();
    private final Function<EventLoop, Entry> create;
    private final HttpClient fallback;

    private record Entry(HttpClient client, ConnectionProvider pool) {
    }

    /**
     * @param fallback the shared client; each per-loop client takes its channel options (the connect timeout)
     * @param maxIdle  how long an idle pooled connection is kept; null: as long as the instance keeps it open
     */
    @SuppressWarnings("unchecked")
    LoopClients(HttpClient fallback, Duration maxIdle) {
        this.fallback = fallback;
        AtomicInteger pools = new AtomicInteger();
        this.create = loop -> {
            ConnectionProvider.Builder spec = ConnectionProvider.builder("function-urls-" + pools.incrementAndGet())
                    .maxConnections(Integer.MAX_VALUE).pendingAcquireMaxCount(-1);
            if (maxIdle != null) {
                spec.maxIdleTime(maxIdle).evictInBackground(maxIdle);
            }
            ConnectionProvider pool = spec.build();
            HttpClient client = HttpClient.create(pool).runOn(new OneLoop(loop));
            for (Map.Entry<ChannelOption<?>, ?> option : fallback.configuration().options().entrySet()) {
                client = client.option((ChannelOption<Object>) option.getKey(), option.getValue());
            }
            return new Entry(client, pool);
        };
    }

    /**
     * The client to an instance serving {@code slots} requests at once for a request that came on {@code inbound}:
     * one whose connections share {@code inbound}'s event loop, or the fallback.
     */
    HttpClient forRequest(Object inbound, int slots) {
        if (slots > 1 && inbound instanceof Connection connection) {
            return clients.computeIfAbsent(connection.channel().eventLoop(), create).client();
        }
        return fallback;
    }

    @Override
    public void close() {
        clients.values().forEach(e -> e.pool().dispose());
        clients.clear();
    }

    /** The server's own event loop as the client's loop resources; never shut down from here (the server owns it). */
    private record OneLoop(EventLoop loop) implements LoopResources {
        @Override
        public EventLoopGroup onServer(boolean useNative) {
            return loop;
        }

        @Override
        public reactor.core.publisher.Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
            return reactor.core.publisher.Mono.empty();
        }
    }
}
