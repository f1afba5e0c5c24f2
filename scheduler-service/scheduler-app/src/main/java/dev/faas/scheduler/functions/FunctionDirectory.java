package dev.faas.scheduler.functions;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.stereotype.Component;

import dev.faas.contracts.feed.FunctionView;
import dev.faas.scheduler.SchedulerProperties;
import tools.jackson.databind.ObjectMapper;

/**
 * What the scheduler knows of functions, asked of function-service: the view of a function version, and its code
 * package. A view of {@code $LATEST} is cached and refreshed when a lease names a newer revision than the cached one;
 * a published version never changes, so its view is cached until function-service no longer knows it. Reads are
 * idempotent, so a failed call is retried (twice, with a short jittered pause) before it is reported.
 */
@Component
public class FunctionDirectory {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final Map<String, FunctionView> views = new ConcurrentHashMap<>();
    private final ObjectMapper json;
    private final String baseUrl;

    FunctionDirectory(ObjectMapper json, SchedulerProperties properties) {
        this.json = json;
        this.baseUrl = properties.functionServiceUrl().replaceAll("/+$", "");
    }

    /** The view of the function's {@code version} at {@code revision} or later; empty when function-service does not know it. */
    public Optional<FunctionView> view(String namespace, String name, String version, long revision) throws IOException, InterruptedException {
        String key = namespace + "/" + name + ":" + version;
        FunctionView cached = views.get(key);
        if (cached != null && cached.revision() >= revision) {
            return Optional.of(cached);
        }
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/internal/v1/namespaces/"
                + encode(namespace) + "/functions/" + encode(name) + "/view?qualifier=" + encode(version))).timeout(TIMEOUT).build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() == 404) {
            views.remove(key);
            return Optional.empty();
        }
        if (response.statusCode() != 200) {
            throw new IOException("function-service answered " + response.statusCode() + " for the view of " + key);
        }
        FunctionView view = json.readValue(response.body(), FunctionView.class);
        views.merge(key, view, (old, fresh) -> fresh.revision() >= old.revision() ? fresh : old);
        return Optional.of(view);
    }

    /** Downloads the package with this SHA-256 to {@code target}. */
    public void download(String sha256, Path target) throws IOException, InterruptedException {
        HttpResponse<InputStream> response = send(HttpRequest.newBuilder(URI.create(baseUrl + "/internal/v1/code/" + encode(sha256)))
                .timeout(Duration.ofMinutes(2)).build(), HttpResponse.BodyHandlers.ofInputStream());
        try (InputStream in = response.body()) {
            if (response.statusCode() != 200) {
                throw new IOException("function-service answered " + response.statusCode() + " for package " + sha256);
            }
            Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    private <T> HttpResponse<T> send(HttpRequest request, HttpResponse.BodyHandler<T> handler) throws IOException, InterruptedException {
        IOException last = null;
        for (int attempt = 0; attempt < 3; attempt++) {
            if (attempt > 0) {
                Thread.sleep(50L * attempt + (long) (Math.random() * 50));
            }
            try {
                HttpResponse<T> response = http.send(request, handler);
                if (response.statusCode() < 500) {
                    return response;
                }
                last = new IOException("function-service answered " + response.statusCode());
            } catch (IOException e) {
                last = e;
            }
        }
        throw last;
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
