package dev.faas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A small JSON-over-HTTP client for tests, bound to one base URL. */
public final class Http {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;
    private final String apiAuthorization;

    public Http(String base) {
        this(base, null);
    }

    private Http(String base, String apiAuthorization) {
        this.base = base.replaceAll("/+$", "");
        this.apiAuthorization = apiAuthorization;
    }

    /** The same client, sending the access key (HTTP Basic) with every request to the REST API ({@code /api/...}). */
    public Http withApiKey(String secretId, String secretKey) {
        return new Http(base, "Basic " + java.util.Base64.getEncoder().encodeToString((secretId + ":" + secretKey).getBytes(java.nio.charset.StandardCharsets.UTF_8)));
    }

    public static Http at(int port) {
        return new Http("http://127.0.0.1:" + port);
    }

    public HttpResponse<String> get(String path) {
        return send(builder(path).GET());
    }

    public HttpResponse<String> get(String path, Map<String, String> headers) {
        HttpRequest.Builder b = builder(path).GET();
        headers.forEach(b::header);
        return send(b);
    }

    public HttpResponse<String> post(String path, String json) {
        return send(builder(path).header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(json)));
    }

    public HttpResponse<String> delete(String path) {
        return send(builder(path).DELETE());
    }

    public HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public HttpRequest.Builder builder(String path) {
        HttpRequest.Builder builder = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(120));
        if (apiAuthorization != null && (path.startsWith("/api/") || path.startsWith("/actuator/"))) {
            builder.header("Authorization", apiAuthorization);
        }
        return builder;
    }

    public static JsonNode json(String body) {
        return JSON.readTree(body);
    }

    public static JsonNode json(HttpResponse<String> response) {
        return JSON.readTree(response.body());
    }

    /** The SCF error code of an API 3.0 envelope, or null when it holds none. */
    public static String errorCode(HttpResponse<String> response) {
        JsonNode code = json(response).at("/Response/Error/Code");
        return code.isMissingNode() ? null : code.asString();
    }
}
