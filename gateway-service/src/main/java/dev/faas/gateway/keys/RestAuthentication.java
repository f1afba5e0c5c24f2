package dev.faas.gateway.keys;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.contracts.api.ScfHeaders;
import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.tc3.Tc3Verifier;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.ObjectMapper;

/**
 * The REST API ({@code /api/v1/...}) and the gateway's actuator (metrics; not its health) answer only callers holding
 * an enabled access key, sent as HTTP Basic credentials {@code SecretId:SecretKey} (over TLS outside one machine, as
 * any API token). The OpenAPI document is public. Refusals are 401 with SCF's {@code AuthFailure.*} code in the envelope; the secret is compared in constant
 * time. Function URLs and API 3.0 ({@code POST /}, TC3-signed) are not this filter's.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 10)
public class RestAuthentication implements WebFilter {
    public static final String OPENAPI_PATH = "/api/v1/openapi.yaml";
    private final Tc3Verifier.Keys keys;
    private final ObjectMapper json;

    RestAuthentication(AccessKeys keys, ObjectMapper json) {
        this.keys = keys;
        this.json = json;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        if (!guarded(exchange.getRequest().getPath().value())) {
            return chain.filter(exchange);
        }
        String header = exchange.getRequest().getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        Optional<String[]> credentials = basic(header);
        if (credentials.isEmpty()) {
            return refuse(exchange, ScfError.AUTH_INVALID_AUTHORIZATION,
                    "This needs an access key: Authorization: Basic base64(SecretId:SecretKey).");
        }
        String secretId = credentials.get()[0];
        String secretKey = credentials.get()[1];
        return Mono.fromCallable(() -> keys.find(secretId)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(found -> {
                    if (found.isEmpty() || !found.get().enabled()) {
                        return refuse(exchange, ScfError.AUTH_SECRET_ID_NOT_FOUND, "The SecretId is unknown or disabled.");
                    }
                    if (!MessageDigest.isEqual(found.get().secretKey().getBytes(StandardCharsets.UTF_8), secretKey.getBytes(StandardCharsets.UTF_8))) {
                        return refuse(exchange, ScfError.AUTH_SIGNATURE_FAILURE, "The SecretKey does not match the SecretId.");
                    }
                    // the function URL headers and the services never see the caller's secret
                    ServerWebExchange forwarded = exchange.mutate().request(r -> r.headers(h -> h.remove(HttpHeaders.AUTHORIZATION))).build();
                    return chain.filter(forwarded);
                });
    }

    /**
     * The REST API but its OpenAPI document, and the gateway's actuator but its health (the probes): the gateway is
     * the edge, and its metrics name every function and namespace (Prometheus scrapes with the key as basic auth).
     */
    static boolean guarded(String path) {
        if (path.startsWith("/api/")) {
            return !path.equals(OPENAPI_PATH);
        }
        return path.startsWith("/actuator") && !path.equals("/actuator/health") && !path.startsWith("/actuator/health/");
    }

    static Optional<String[]> basic(String header) {
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return Optional.empty();
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            return colon <= 0 ? Optional.empty() : Optional.of(new String[] {decoded.substring(0, colon), decoded.substring(colon + 1)});
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private Mono<Void> refuse(ServerWebExchange exchange, ScfError error, String message) {
        String requestId = ScfHeaders.newRequestId();
        var response = exchange.getResponse();
        response.setStatusCode(HttpStatus.UNAUTHORIZED);
        response.getHeaders().setContentType(MediaType.APPLICATION_JSON);
        response.getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Basic realm=\"faas\"");
        response.getHeaders().set(ScfHeaders.REQUEST_ID, requestId);
        byte[] body = json.writeValueAsBytes(ApiEnvelope.error(error, message, requestId));
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body)));
    }
}
