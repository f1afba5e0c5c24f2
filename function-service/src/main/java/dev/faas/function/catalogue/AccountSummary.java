package dev.faas.function.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.faas.function.FunctionServiceProperties;

/**
 * GetAccount (wire §7 "Concurrency and account"): what is used (functions per namespace) and the limits in force. The
 * concurrency figures are the configured region pool; reserving and provisioning concurrency come with the
 * scheduler's accounting (issue #4), until then nothing is allocated.
 */
@Component
class AccountSummary {
    private final FunctionRepository functions;
    private final FunctionServiceProperties properties;

    AccountSummary(FunctionRepository functions, FunctionServiceProperties properties) {
        this.functions = functions;
        this.properties = properties;
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
        used.put("TotalConcurrencyMem", properties.totalConcurrencyMem());
        used.put("TotalAllocatedConcurrencyMem", 0);
        used.put("UserConcurrencyMemLimit", properties.totalConcurrencyMem());

        List<Map<String, Object>> limits = byNamespace.keySet().stream().map(ns -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("Namespace", ns);
            m.put("FunctionsCount", properties.functionsPerNamespace());
            int t = properties.triggersPerType();
            Map<String, Object> triggers = new LinkedHashMap<>();
            for (String type : List.of("Cos", "Timer", "Cmq", "Ckafka", "Apigw", "Cls", "Clb", "Mps", "Cm", "Vod")) {
                triggers.put(type, t);
            }
            triggers.put("Total", t * 10);
            m.put("Trigger", triggers);
            m.put("ConcurrentExecutions", properties.totalConcurrencyMem());
            m.put("TimeoutLimit", FunctionRules.MAX_TIMEOUT_S);
            m.put("InitTimeoutLimit", 300);
            m.put("TestModelLimit", 5);
            m.put("RetryNumLimit", 2);
            m.put("MinMsgTTL", 60);
            m.put("MaxMsgTTL", 21600);
            return m;
        }).toList();
        Map<String, Object> limit = new LinkedHashMap<>();
        limit.put("NamespacesCount", properties.namespaces());
        limit.put("Namespace", limits);
        return Map.of("AccountUsage", used, "AccountLimit", limit);
    }
}
