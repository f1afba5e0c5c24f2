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
import io.netty.util.AsciiString;

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
    // as Netty's AsciiStrings, which it validates and writes as bytes rather than character by character
    private static final AsciiString REQUEST_ID = AsciiString.cached(ScfHeaders.REQUEST_ID);
    private static final AsciiString MEMORY = AsciiString.cached(ScfHeaders.MEMORY);
    private static final AsciiString TIMEOUT = AsciiString.cached(ScfHeaders.TIMEOUT);
    private static final AsciiString VERSION = AsciiString.cached(ScfHeaders.VERSION);
    private static final AsciiString NAME = AsciiString.cached(ScfHeaders.NAME);
    private static final AsciiString NAMESPACE = AsciiString.cached(ScfHeaders.NAMESPACE);
    private static final AsciiString REGION = AsciiString.cached(ScfHeaders.REGION);
    private static final AsciiString APPID = AsciiString.cached(ScfHeaders.APPID);
    private static final AsciiString UIN = AsciiString.cached(ScfHeaders.UIN);
    private static final AsciiString X_FORWARDED_FOR = AsciiString.cached(FORWARDED_FOR);
    private static final AsciiString X_FORWARDED_PROTO = AsciiString.cached(FORWARDED_PROTO);
    private static final AsciiString X_FORWARDED_HOST = AsciiString.cached(FORWARDED_HOST);
    private static final AsciiString HTTP = AsciiString.cached("http");
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
                exchange.getRequest().getURI().getScheme(), sent.getFirst(HttpHeaders.HOST),
                (name, value) -> headers.set(name.toString(), value.toString()));
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
                      String scheme, String host, BiConsumer<CharSequence, CharSequence> set) {
        set.accept(REQUEST_ID, invocation.requestId());
        set.accept(MEMORY, Integer.toString(invocation.grant().memoryMb()));
        set.accept(TIMEOUT, Integer.toString(invocation.grant().timeoutSeconds()));
        set.accept(VERSION, invocation.grant().version());
        set.accept(NAME, invocation.function().name());
        set.accept(NAMESPACE, invocation.function().namespace());
        set.accept(REGION, properties.region());
        set.accept(APPID, properties.appId());
        set.accept(UIN, properties.uin());
        if (client != null && client.getAddress() != null) {
            String address = client.getAddress().getHostAddress();
            set.accept(X_FORWARDED_FOR, forwardedFor == null || forwardedFor.isBlank() ? address : forwardedFor + ", " + address);
        }
        set.accept(X_FORWARDED_PROTO, scheme == null || scheme.equals("http") ? HTTP : scheme);
        if (host != null) {
            set.accept(X_FORWARDED_HOST, host);
        }
    }

    /** After the gateway's own filters (forwarded headers, hop-by-hop removal): what it sets is final. */
    @Override
    public int getOrder() {
        return Ordered.LOWEST_PRECEDENCE;
    }
}
