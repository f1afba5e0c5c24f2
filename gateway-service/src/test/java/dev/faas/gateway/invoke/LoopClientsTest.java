package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * The direct data path's clients against real Reactor Netty servers on loopback: a front server with four event
 * loops proxies each request through {@link LoopClients} to a backend, and reports on which event loop its own
 * connection and the connection to the backend ran.
 */
class LoopClientsTest {
    private final LoopResources frontLoops = LoopResources.create("front", 4, true);
    private final HttpClient fallback = HttpClient.create(ConnectionProvider.create("fallback", 8))
            .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 1_234);
    private final LoopClients clients = new LoopClients(fallback, null);
    private final Set<Integer> backendPorts = ConcurrentHashMap.newKeySet();
    private final List<ConnectionProvider> callers = new java.util.concurrent.CopyOnWriteArrayList<>();
    private DisposableServer backend;
    private DisposableServer front;

    @AfterEach
    void stop() {
        clients.close();
        callers.forEach(ConnectionProvider::dispose);
        fallback.configuration().connectionProvider().dispose();
        for (DisposableServer s : new DisposableServer[] {front, backend}) {
            if (s != null) {
                s.disposeNow();
            }
        }
        frontLoops.disposeLater().block(Duration.ofSeconds(5));
    }

    private void start() {
        backend = HttpServer.create().host("127.0.0.1").port(0)
                .handle((in, out) -> {
                    in.withConnection(c -> backendPorts.add(((java.net.InetSocketAddress) c.channel().remoteAddress()).getPort()));
                    return out.sendString(Mono.just("hello"));
                })
                .bindNow();
        String to = "http://127.0.0.1:" + backend.port() + "/";
        front = HttpServer.create().host("127.0.0.1").port(0).runOn(frontLoops)
                .handle((in, out) -> {
                    EventLoop mine = ((Connection) in).channel().eventLoop();
                    // the per-loop client connects as the shared one does
                    assertThat(clients.forRequest(in, 2).configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS)).isEqualTo(1_234);
                    return out.sendString(clients.forRequest(in, 2).get().uri(to)
                            .responseConnection((res, conn) -> conn.inbound().receive().aggregate().asString()
                                    .map(body -> body + " " + (conn.channel().eventLoop() == mine ? "same-loop" : "other-loop")))
                            .next());
                })
                .bindNow();
    }

    @Test
    void eachRequestGoesToTheInstanceOnAConnectionOfItsOwnEventLoop() {
        start();
        // sixteen client connections spread over the front's four loops, each making requests one after another
        List<String> answers = Flux.range(0, 16)
                .flatMap(c -> {
                    ConnectionProvider one = ConnectionProvider.create("caller-" + c, 1);
                    callers.add(one);
                    HttpClient caller = HttpClient.create(one);
                    return Flux.range(0, 10).concatMap(i -> caller.get().uri("http://127.0.0.1:" + front.port() + "/")
                            .responseContent().aggregate().asString());
                })
                .collectList().block(Duration.ofSeconds(30));
        assertThat(answers).hasSize(160).containsOnly("hello same-loop");
        // connections are kept and reused: at most one per front connection at a time, not one per request
        assertThat(backendPorts.size()).isLessThanOrEqualTo(16);
    }

    @Test
    void aRequestNotFromAReactorNettyConnection_orToAnInstanceServingOneAtATime_takesTheSharedClient() {
        assertThat(clients.forRequest(null, 100)).isSameAs(fallback);
        assertThat(clients.forRequest("not a connection", 100)).isSameAs(fallback);
        start();
        // one request at a time (SCF's default; 0 from a scheduler that does not say): one shared pool, whichever loop
        String to = "http://127.0.0.1:" + backend.port() + "/";
        DisposableServer one = HttpServer.create().host("127.0.0.1").port(0).runOn(frontLoops)
                .handle((in, out) -> {
                    assertThat(clients.forRequest(in, 1)).isSameAs(fallback);
                    assertThat(clients.forRequest(in, 0)).isSameAs(fallback);
                    return out.sendString(clients.forRequest(in, 1).get().uri(to).responseContent().aggregate().asString());
                })
                .bindNow();
        try {
            assertThat(HttpClient.create().get().uri("http://127.0.0.1:" + one.port() + "/").responseContent().aggregate().asString()
                    .block(Duration.ofSeconds(10))).isEqualTo("hello");
        } finally {
            one.disposeNow();
        }
    }
}
