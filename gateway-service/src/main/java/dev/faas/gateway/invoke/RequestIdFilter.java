package dev.faas.gateway.invoke;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import dev.faas.contracts.api.ScfHeaders;
import reactor.core.publisher.Mono;

/**
 * Request ids for management calls: the caller's {@code X-Scf-Request-Id} when well formed, else a new one, passed to
 * the owning service (whose envelope then carries the same {@code RequestId}) and echoed to the caller.
 */
final class RequestIdFilter implements GatewayFilter, Ordered {

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        String given = exchange.getRequest().getHeaders().getFirst(ScfHeaders.REQUEST_ID);
        String id = ScfHeaders.isAcceptableRequestId(given) ? given : ScfHeaders.newRequestId();
        exchange.getResponse().getHeaders().set(ScfHeaders.REQUEST_ID, id);
        return chain.filter(exchange.mutate().request(r -> r.headers(h -> h.set(ScfHeaders.REQUEST_ID, id))).build());
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    @Override
    public String toString() {
        return "RequestId";
    }
}
