package dev.faas.gateway.invoke;

import java.util.Locale;

import org.springframework.http.server.reactive.ServerHttpRequest;

/**
 * Reads which function URL a request is for: the path form {@code /fn/<UrlId>/<path>} or the host form
 * {@code <UrlId>.<domain>/<path>}, and the path the instance sees (the rest of the path in the path form, the whole
 * path in the host form; the query string always as sent).
 */
final class UrlIds {
    static final String PATH_PREFIX = "/fn/";
    private final String domainSuffix;

    UrlIds(String domain) {
        this.domainSuffix = "." + domain.toLowerCase(Locale.ROOT);
    }

    /** @param instancePath raw (still percent-encoded) path for the instance, never empty */
    record Target(String urlId, String instancePath) {
    }

    /** The URL id in the Host header, or null when the host is not {@code <label>.<domain>}. */
    String hostUrlId(String hostHeader) {
        if (hostHeader == null) {
            return null;
        }
        String host = hostHeader.toLowerCase(Locale.ROOT);
        int colon = host.lastIndexOf(':');
        if (colon > 0 && host.indexOf(']') < colon) {
            host = host.substring(0, colon);
        }
        if (!host.endsWith(domainSuffix)) {
            return null;
        }
        String label = host.substring(0, host.length() - domainSuffix.length());
        return label.isEmpty() || label.indexOf('.') >= 0 ? null : label;
    }

    Target target(ServerHttpRequest request) {
        return target(request.getURI().getRawPath(), request.getHeaders().getFirst("Host"));
    }

    /** @param rawPath the request's path, still percent-encoded; @param hostHeader its Host header, or null */
    Target target(String rawPath, String hostHeader) {
        String hostId = hostUrlId(hostHeader);
        if (hostId != null) {
            return new Target(hostId, rawPath.isEmpty() ? "/" : rawPath);
        }
        if (!rawPath.startsWith(PATH_PREFIX)) {
            return null;
        }
        String rest = rawPath.substring(PATH_PREFIX.length());
        int slash = rest.indexOf('/');
        String urlId = slash < 0 ? rest : rest.substring(0, slash);
        if (urlId.isEmpty()) {
            return null;
        }
        return new Target(urlId, slash < 0 ? "/" : rest.substring(slash));
    }
}
