package dev.faas.gateway.invoke;

import java.net.InetSocketAddress;
import java.util.function.BiConsumer;

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
 * {@code -Uin}), each set once, and any {@code X-Scf-*} header the client sent removed; and, as SCF's web functions
 * get them, {@code X-Forwarded-For} (the client's address appended to what it sent), {@code X-Forwarded-Proto} and
 * {@code X-Forwarded-Host}. {@link #write} serves both data paths; as a Spring Cloud Gateway header filter this runs
 * on the copy of the headers it makes for the proxied call, so an invocation's request is never copied for it;
 * calls that are not invocations pass unchanged.
 */
@Component
class ScfRequestHeaders implements HttpHeadersFilter, Ordered {
    static final String FORWARDED_FOR = "X-Forwarded-For";
    static final String FORWARDED_PROTO = "X-Forwarded-Proto";
    static final String FORWARDED_HOST = "X-Forwarded-Host";
    private final GatewayProperties properties;

    ScfRequestHeaders(GatewayProperties properties) {
        this.properties = properties;
    }

    @Override
    public HttpHeaders filter(HttpHeaders input, ServerWebExchange exchange) {
        FunctionCalls.Call invocation = exchange.getAttribute(FunctionUrlFilter.INVOCATION);
        if (invocation == null) {
            return input;
        }
        HttpHeaders headers = new HttpHeaders();
        input.forEach((name, values) -> {
            if (!isPlatformHeader(name)) {
                headers.addAll(name, values);
            }
        });
        HttpHeaders sent = exchange.getRequest().getHeaders();
        write(invocation, properties, sent.getFirst(FORWARDED_FOR), exchange.getRequest().getRemoteAddress(),
                exchange.getRequest().getURI().getScheme(), sent.getFirst(HttpHeaders.HOST), headers::set);
        return headers;
    }

    /** Whether a header name is one of the platform's ({@code X-Scf-*}), which a client may not send. */
    static boolean isPlatformHeader(CharSequence name) {
        String prefix = ScfHeaders.PREFIX;
        if (name.length() < prefix.length()) {
            return false;
        }
        for (int i = 0; i < prefix.length(); i++) {
            if (Character.toLowerCase(name.charAt(i)) != Character.toLowerCase(prefix.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    /**
     * Sets the platform's headers and the forwarded ones.
     *
     * @param forwardedFor the client's {@code X-Forwarded-For}, or null
     * @param scheme       how the client reached the gateway ({@code http}, {@code https})
     * @param host         the client's {@code Host}, or null
     */
    static void write(FunctionCalls.Call invocation, GatewayProperties properties, String forwardedFor, InetSocketAddress client,
                      String scheme, String host, BiConsumer<String, String> set) {
        set.accept(ScfHeaders.REQUEST_ID, invocation.requestId());
        set.accept(ScfHeaders.MEMORY, Integer.toString(invocation.grant().memoryMb()));
        set.accept(ScfHeaders.TIMEOUT, Integer.toString(invocation.grant().timeoutSeconds()));
        set.accept(ScfHeaders.VERSION, invocation.grant().version());
        set.accept(ScfHeaders.NAME, invocation.function().name());
        set.accept(ScfHeaders.NAMESPACE, invocation.function().namespace());
        set.accept(ScfHeaders.REGION, properties.region());
        set.accept(ScfHeaders.APPID, properties.appId());
        set.accept(ScfHeaders.UIN, properties.uin());
        if (client != null && client.getAddress() != null) {
            String address = client.getAddress().getHostAddress();
            set.accept(FORWARDED_FOR, forwardedFor == null || forwardedFor.isBlank() ? address : forwardedFor + ", " + address);
        }
        set.accept(FORWARDED_PROTO, scheme == null ? "http" : scheme);
        if (host != null) {
            set.accept(FORWARDED_HOST, host);
        }
    }

    /** After the gateway's own filters (forwarded headers, hop-by-hop removal): what it sets is final. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
