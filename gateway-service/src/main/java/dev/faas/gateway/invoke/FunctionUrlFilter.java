package dev.faas.gateway.invoke;

import java.time.Duration;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.web.server.ServerWebExchange;

import dev.faas.contracts.api.ScfHeaders;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;

/**
 * The function URL's route through Spring Cloud Gateway, which {@link DirectProxy} leaves to it: WebSocket handshakes,
 * whose frames Spring Cloud Gateway relays. {@link FunctionCalls} admits the invocation;
 * this marks the exchange with its {@link FunctionCalls.Call} (from which {@link InstanceAddressFilter} and
 * {@link ScfRequestHeaders} point the call at the instance and set the platform's headers), lets Spring Cloud Gateway
 * proxy it, and gives the slot back when the WebSocket ends or the client went away.
 *
 * <p>Ordered before {@code NettyWriteResponseFilter} so that its completion covers the whole exchange; the
 * instance address is put in place by {@link InstanceAddressFilter} after the route URL is computed.
 */
final class FunctionUrlFilter implements GatewayFilter, Ordered {
    static final String INVOCATION = FunctionUrlFilter.class.getName() + ".invocation";
    private final FunctionCalls calls;
    private final Deadline deadline;

    FunctionUrlFilter(FunctionCalls calls, Deadline deadline) {
        this.calls = calls;
        this.deadline = deadline;
    }

    @Override
    public int getOrder() {
        return -10;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return calls.serve(exchange.getRequest(), exchange.getResponse(),
                (request, call) -> proxy(request == exchange.getRequest() ? exchange : exchange.mutate().request(request).build(), chain, call));
    }

    private Mono<Void> proxy(ServerWebExchange exchange, GatewayFilterChain chain, FunctionCalls.Call call) {
        ServerHttpResponse original = exchange.getResponse();
        exchange.getAttributes().put(INVOCATION, call);
        original.getHeaders().set(ScfHeaders.REQUEST_ID, call.requestId());
        // which version ran, for the caller (the instance gets it as a request header too)
        original.getHeaders().set(ScfHeaders.VERSION, call.grant().version());
        ServerHttpRequest request = exchange.getRequest();
        // the execution timeout covers the whole exchange, streams included (spec part 1 §6: SSE counts against it)
        return deadline.bound(chain.filter(exchange), Duration.ofSeconds(call.grant().timeoutSeconds()))
                .onErrorResume(e -> call.failed(e, original.isCommitted(), FunctionCalls.resendable(request),
                        status -> FunctionCalls.answer(original, status, call.requestId())))
                .onErrorResume(FunctionCalls.TryAnotherSlot.class, e -> {
                    // Spring Cloud Gateway marks the exchange routed and may have copied response headers: undone first
                    ServerWebExchangeUtils.reset(exchange);
                    return Mono.error(e);
                })
                .doFinally(signal -> {
                    // the WebSocket ended, the handshake failed or the client went away
                    if (signal == SignalType.CANCEL) {
                        call.cancelled();
                    }
                    call.release(statusOf(original));
                });
    }

    private static int statusOf(ServerHttpResponse response) {
        HttpStatusCode code = response.getStatusCode();
        return code == null ? 0 : code.value();
    }

    @Override
    public String toString() {
        return "FunctionUrl";
    }
}
