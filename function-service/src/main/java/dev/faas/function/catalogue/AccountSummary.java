package dev.faas.function.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.faas.function.FunctionServiceProperties;
import dev.faas.function.quota.Quotas;

/**
 * GetAccount (wire §7 "Concurrency and account"): what is used (functions per namespace) and the limits in force,
 * with the concurrency figures of scheduler-service, which owns the accounting (the region pool and what is reserved).
 * While the scheduler cannot be asked, those figures are left out rather than guessed.
 */
@Component
class AccountSummary {
    private final FunctionRepository functions;
    private final Quotas quotas;
    private final java.net.http.HttpClient http = java.net.http.HttpClient.newBuilder().connectTimeout(java.time.Duration.ofSeconds(2)).build();
    private final String schedulerUrl;
    private final tools.jackson.databind.ObjectMapper json;

    AccountSummary(FunctionRepository functions, Quotas quotas, dev.faas.function.FunctionServiceProperties properties,
                   tools.jackson.databind.ObjectMapper json) {
        this.functions = functions;
        this.quotas = quotas;
        this.schedulerUrl = properties.schedulerUrl().replaceAll("/+$", "");
        this.json = json;
    }

    /** The scheduler's {@code TotalConcurrencyMem} and {@code TotalAllocatedConcurrencyMem}, when it answers. */
    private java.util.Optional<tools.jackson.databind.JsonNode> concurrency() {
        try {
            var response = http.send(java.net.http.HttpRequest.newBuilder(java.net.URI.create(schedulerUrl + "/internal/v1/concurrency"))
                    .timeout(java.time.Duration.ofSeconds(3)).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 ? java.util.Optional.of(json.readTree(response.body())) : java.util.Optional.empty();
        } catch (java.io.IOException e) {
            return java.util.Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return java.util.Optional.empty();
        }
    }

    Map<String, Object> scf() {
        Map<String, List<String>> byNamespace = functions.namesByNamespace();
        List<Map<String, Object>> usage = byNamespace.entrySet().stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Namespace", e.getKey());
            m.put("Functions", e.getValue());
            m.put("FunctionsCount", e.getValue().size());
            return m;
        }).toList();
        Map<String, Object> used = new LinkedHashMap<>();
        used.put("NamespacesCount", byNamespace.size());
        used.put("Namespace", usage);
        var concurrency = concurrency();
        Long pool = concurrency.map(c -> c.get("TotalConcurrencyMem").asLong()).orElse(null);
        int functionsQuota = quotas.getInt(Quotas.Quota.FUNCTIONS_PER_NAMESPACE);
        int t = quotas.getInt(Quotas.Quota.TRIGGERS_PER_TYPE);
        used.put("TotalConcurrencyMem", pool);
        used.put("TotalAllocatedConcurrencyMem", concurrency.map(c -> c.get("TotalAllocatedConcurrencyMem").asLong()).orElse(null));
        used.put("UserConcurrencyMemLimit", pool);

        List<Map<String, Object>> limits = byNamespace.keySet().stream().map(ns -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Namespace", ns);
            m.put("FunctionsCount", functionsQuota);
            Map<String, Object> triggers = new LinkedHashMap<>();
            for (String type : List.of("Cos", "Timer", "Cmq", "Ckafka", "Apigw", "Cls", "Clb", "Mps", "Cm", "Vod")) {
                triggers.put(type, t);
            }
            triggers.put("Total", t * 10);
            m.put("Trigger", triggers);
            m.put("ConcurrentExecutions", pool);
            m.put("TimeoutLimit", FunctionRules.MAX_TIMEOUT_S);
            m.put("InitTimeoutLimit", 300);
            m.put("TestModelLimit", 5);
            m.put("RetryNumLimit", 2);
            m.put("MinMsgTTL", 60);
            m.put("MaxMsgTTL", 21600);
            return m;
        }).toList();
        Map<String, Object> limit = new LinkedHashMap<>();
        limit.put("NamespacesCount", quotas.getInt(Quotas.Quota.NAMESPACES));
        limit.put("Namespace", limits);
        return Map.of("AccountUsage", used, "AccountLimit", limit);
    }
}
