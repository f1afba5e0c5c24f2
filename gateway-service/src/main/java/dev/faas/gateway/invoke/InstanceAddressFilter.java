package dev.faas.gateway.invoke;

import java.net.URI;

import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.RouteToRequestUrlFilter;
import org.springframework.cloud.gateway.support.ServerWebExchangeUtils;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;

import dev.faas.contracts.lease.LeaseGrant;
import reactor.core.publisher.Mono;

/**
 * Points the proxied request at the leased instance: runs after {@link RouteToRequestUrlFilter} has built the
 * request URL from the (rewritten) path and query, and swaps in the instance's host and port, keeping path and
 * query byte for byte.
 */
final class InstanceAddressFilter implements GatewayFilter, Ordered {

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        LeaseGrant grant = exchange.getAttribute(FunctionUrlFilter.GRANT);
        URI url = exchange.getAttribute(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR);
        if (grant != null && url != null) {
            // path and query stay as the client encoded them
            String query = url.getRawQuery();
            URI instance = URI.create("http://" + grant.host() + ":" + grant.port() + url.getRawPath() + (query == null ? "" : "?" + query));
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, instance);
        }
        return chain.filter(exchange);
    }

    @Override
    public String toString() {
        return "InstanceAddress";
    }
}
