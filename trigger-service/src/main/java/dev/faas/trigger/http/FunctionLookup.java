package dev.faas.trigger.http;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Optional;

import org.springframework.stereotype.Component;

import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.starter.ScfException;
import dev.faas.trigger.TriggerProperties;
import tools.jackson.databind.ObjectMapper;

/**
 * Asks function-service whether a function and the qualifier a trigger names exist: {@code $LATEST}, a published
 * version, or an alias of the function. A refusal carries SCF's code; function-service being away is a 503, so a
 * trigger is never bound to something that was not checked.
 */
@Component
class FunctionLookup {
    private static final Duration TIMEOUT = Duration.ofSeconds(5);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(TIMEOUT).build();
    private final ObjectMapper json;
    private final String baseUrl;

    FunctionLookup(ObjectMapper json, TriggerProperties properties) {
        this.json = json;
        this.baseUrl = properties.functionServiceUrl().replaceAll("/+$", "");
    }

    /** The function's {@code $LATEST} view, after checking that {@code qualifier} names something of it. */
    FunctionView requireQualifier(String namespace, String function, String qualifier) {
        FunctionView latest = view(namespace, function, FunctionView.LATEST)
                .orElseThrow(() -> new ScfException(ScfError.FUNCTION_NOT_FOUND, "Function " + function + " does not exist in namespace " + namespace + "."));
        if (FunctionView.LATEST.equals(qualifier)) {
            return latest;
        }
        if (qualifier.matches("[1-9][0-9]{0,8}")) {
            view(namespace, function, qualifier).orElseThrow(() -> new ScfException(ScfError.VERSION_NOT_FOUND,
                    "Version " + qualifier + " of " + function + " does not exist."));
            return latest;
        }
        if (latest.alias(qualifier) == null) {
            throw new ScfException(ScfError.ALIAS_NOT_FOUND, "Function " + function + " has no version or alias " + qualifier + ".");
        }
        return latest;
    }

    /** The administrator's quota of triggers of one type on a function, kept by function-service; empty when it cannot be asked. */
    Optional<Integer> triggersPerType() {
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/internal/v1/quotas/TriggersPerType"))
                    .timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? Optional.of(json.readTree(response.body()).get("Value").asInt()) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    private Optional<FunctionView> view(String namespace, String function, String qualifier) {
        URI uri = URI.create(baseUrl + "/internal/v1/namespaces/" + encode(namespace) + "/functions/" + encode(function)
                + "/view?qualifier=" + encode(qualifier));
        try {
            HttpResponse<String> response = http.send(HttpRequest.newBuilder(uri).timeout(TIMEOUT).build(), HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() == 404) {
                return Optional.empty();
            }
            if (response.statusCode() != 200) {
                throw new ScfException(ScfError.SERVICE_UNAVAILABLE, "function-service could not be asked about " + function + ".");
            }
            return Optional.of(json.readValue(response.body(), FunctionView.class));
        } catch (IOException e) {
            throw new ScfException(ScfError.SERVICE_UNAVAILABLE, "function-service could not be asked about " + function + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScfException(ScfError.SERVICE_UNAVAILABLE, "interrupted");
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }
}
