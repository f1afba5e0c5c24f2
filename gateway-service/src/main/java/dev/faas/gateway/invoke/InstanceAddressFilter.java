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
 * Points the proxied request at the slot's instance: runs after {@link RouteToRequestUrlFilter} and replaces the
 * request URL with the instance's host and port, the path after the {@code /fn/<UrlId>} prefix (or the whole path of
 * a host-form URL) and the query, both byte for byte as the client sent them.
 */
final class InstanceAddressFilter implements GatewayFilter, Ordered {

    @Override
    public int getOrder() {
        return RouteToRequestUrlFilter.ROUTE_TO_URL_FILTER_ORDER + 1;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        FunctionCalls.Call invocation = exchange.getAttribute(FunctionUrlFilter.INVOCATION);
        if (invocation != null) {
            // the path after the URL id and the query, as the client encoded them
            LeaseGrant grant = invocation.grant();
            String query = exchange.getRequest().getURI().getRawQuery();
            URI instance = URI.create("http://" + grant.host() + ":" + grant.port() + invocation.instancePath() + (query == null ? "" : "?" + query));
            exchange.getAttributes().put(ServerWebExchangeUtils.GATEWAY_REQUEST_URL_ATTR, instance);
        }
        return chain.filter(exchange);
    }

    @Override
    public String toString() {
        return "InstanceAddress";
    }
}
