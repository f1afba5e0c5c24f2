package dev.faas.gateway.invoke;

import org.springframework.cloud.gateway.filter.headers.HttpHeadersFilter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

import dev.faas.contracts.api.ScfHeaders;
import dev.faas.gateway.GatewayProperties;

/**
 * The platform's request headers for a function instance (spec: {@code X-Scf-Request-Id}, {@code -Memory},
 * {@code -Timeout}, {@code -Version}, {@code -Name}, {@code -Namespace}, {@code -Region}, {@code -Appid},
 * {@code -Uin}), each set once, and any {@code X-Scf-*} header the client sent removed. Runs among Spring Cloud
 * Gateway's own header filters on the copy of the headers they make for the proxied call, so an invocation's
 * request is never copied for them; calls that are not invocations pass unchanged.
 */
@Component
class ScfRequestHeaders implements HttpHeadersFilter, Ordered {
    private final GatewayProperties properties;

    ScfRequestHeaders(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        FunctionUrlFilter.Invocation invocation = exchange.getAttribute(FunctionUrlFilter.INVOCATION);
        if (invocation == null) {
            return input;
        }
        HttpHeaders headers = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!name.regionMatches(true, 0, ScfHeaders.PREFIX, 0, ScfHeaders.PREFIX.length())) {
                headers.addAll(name, values);
            }
        });
        headers.set(ScfHeaders.REQUEST_ID, invocation.requestId());
        headers.set(ScfHeaders.MEMORY, Integer.toString(invocation.grant().memoryMb()));
        headers.set(ScfHeaders.TIMEOUT, Integer.toString(invocation.grant().timeoutSeconds()));
        headers.set(ScfHeaders.VERSION, invocation.grant().version());
        headers.set(ScfHeaders.NAME, invocation.functionName());
        headers.set(ScfHeaders.NAMESPACE, invocation.namespace());
        headers.set(ScfHeaders.REGION, properties.region());
        headers.set(ScfHeaders.APPID, properties.appId());
        headers.set(ScfHeaders.UIN, properties.uin());
        return headers;
    }

    /** After the gateway's own filters (forwarded headers, hop-by-hop removal): what it sets is final. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
