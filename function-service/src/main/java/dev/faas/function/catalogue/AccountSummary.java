package dev.faas.function.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.faas.function.FunctionServiceProperties;
import dev.faas.function.quota.Quotas;

/**
 * GetAccount (wire §7 "Concurrency and account"): what is used (functions per namespace) and the limits in force. The
 * concurrency figures are the configured region pool; reserving and provisioning concurrency come with the
 * scheduler's accounting (issue #4), until then nothing is allocated.
 */
@Component
class AccountSummary {
    private final FunctionRepository functions;
    private final Quotas quotas;

    AccountSummary(FunctionRepository functions, Quotas quotas) {
        this.functions = functions;
        this.quotas = quotas;
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
        long pool = quotas.get(Quotas.Quota.TOTAL_CONCURRENCY_MEM);
        int functionsQuota = quotas.getInt(Quotas.Quota.FUNCTIONS_PER_NAMESPACE);
        int t = quotas.getInt(Quotas.Quota.TRIGGERS_PER_TYPE);
        used.put("TotalConcurrencyMem", pool);
        used.put("TotalAllocatedConcurrencyMem", 0);
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
