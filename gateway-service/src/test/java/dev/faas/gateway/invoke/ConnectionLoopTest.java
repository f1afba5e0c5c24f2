package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.ReactorHttpHandlerAdapter;

import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.Connection;
import reactor.netty.DisposableServer;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServer;

/**
 * Where an invocation goes on once it has its slot: on the event loop of the client's connection, whichever thread
 * the lease (or the first lookup of the function) completed on. A real Reactor Netty server with Spring's adapter
 * gives the request as the gateway sees it. (A WebSocket upgrade begun off that loop dropped a frame the client sent
 * at once: {@link FunctionCalls#onConnectionLoop}.)
 */
class ConnectionLoopTest {
    private final List<String> seen = new CopyOnWriteArrayList<>();
    private DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    private String call(HttpHandler handler) {
        server = HttpServer.create().host("127.0.0.1").port(0).handle(new ReactorHttpHandlerAdapter(handler)).bindNow();
        return HttpClient.create().get().uri("http://127.0.0.1:" + server.port() + "/").responseSingle((res, body) -> Mono.just(res.status().code()))
                .map(String::valueOf).block(Duration.ofSeconds(10));
    }

    private static boolean onItsLoop(org.springframework.http.server.reactive.ServerHttpRequest request) {
        Object inbound = ((org.springframework.http.server.reactive.AbstractServerHttpRequest) request).getNativeRequest();
        return ((Connection) inbound).channel().eventLoop().inEventLoop();
    }

    @Test
    void aSlotGrantedOnAnotherThread_goesOnOnTheConnectionsLoop() {
        String status = call((request, response) -> Mono.delay(Duration.ofMillis(20), Schedulers.single())
                .doOnNext(tick -> seen.add("granted on its loop: " + onItsLoop(request)))
                .flatMap(tick -> FunctionCalls.onConnectionLoop(request, () -> {
                    seen.add("forwarded on its loop: " + onItsLoop(request));
                    return response.setComplete();
                }, signal -> seen.add("not forwarded"))));
        assertThat(status).isEqualTo("200");
        assertThat(seen).containsExactly("granted on its loop: false", "forwarded on its loop: true");
    }

    @Test
    void anExchangeCancelledWhileTheHopIsQueued_neverForwards_andGivesTheSlotBack() {
        String status = call((request, response) -> {
            // the handler holds the connection's loop, so a hop queued from another thread cannot run before the
            // cancellation below (as when the client goes away just as a lease arrives)
            Thread other = Thread.ofPlatform().start(() -> FunctionCalls.onConnectionLoop(request, () -> {
                seen.add("forwarded");
                return Mono.empty();
            }, signal -> seen.add("not forwarded: " + signal)).subscribe().dispose());
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return response.setComplete();
        });
        assertThat(status).isEqualTo("200");
        assertThat(seen).containsExactly("not forwarded: cancel");
    }

    @Test
    void onTheConnectionsLoopAlready_itGoesOnAtOnce() {
        String status = call((request, response) -> {
            Mono<Void> forwarded = FunctionCalls.onConnectionLoop(request, () -> {
                seen.add("forwarded on its loop: " + onItsLoop(request));
                return response.setComplete();
            }, signal -> seen.add("not forwarded"));
            seen.add("returned");
            return forwarded;
        });
        assertThat(status).isEqualTo("200");
        // no hop through the loop's task queue: the warm path calls forward before onConnectionLoop returns
        assertThat(seen).containsExactly("forwarded on its loop: true", "returned");
    }
}
