package dev.faas.scheduler.concurrency;

import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.scheduler.functions.FunctionDirectory;
import dev.faas.starter.ScfException;
import dev.faas.starter.api3.Api3Actions;
import dev.faas.starter.api3.Api3Request;

/**
 * Concurrency actions of API 3.0 (wire §7 "Concurrency and account"): the region pool and per-function reservations.
 * Provisioned concurrency comes next (issue #4).
 */
@Component
class ConcurrencyApi3 implements Api3Actions {
    private final ConcurrencyConfig config;
    private final FunctionDirectory functions;

    ConcurrencyApi3(ConcurrencyConfig config, FunctionDirectory functions) {
        this.config = config;
        this.functions = functions;
    }

    @Override
    public Set<String> actions() {
        return Set.of("PutTotalConcurrencyConfig", "PutReservedConcurrencyConfig", "GetReservedConcurrencyConfig",
                "DeleteReservedConcurrencyConfig");
    }

    @Override
    public Map<String, ?> call(String action, Api3Request r) {
        String namespace = r.namespace();
        return switch (action) {
            case "PutTotalConcurrencyConfig" -> {
                Long mb = r.longValue("TotalConcurrencyMem");
                if (mb == null) {
                    throw new ScfException(ScfError.MISSING_PARAMETER, "TotalConcurrencyMem is required.");
                }
                config.putRegion(mb);
                yield Map.of();
            }
            case "PutReservedConcurrencyConfig" -> {
                String name = existing(namespace, r.functionName());
                Long mb = r.longValue("ReservedConcurrencyMem");
                if (mb == null) {
                    throw new ScfException(ScfError.MISSING_PARAMETER, "ReservedConcurrencyMem is required.");
                }
                config.putReserved(namespace, name, mb);
                yield Map.of();
            }
            case "GetReservedConcurrencyConfig" -> {
                String name = existing(namespace, r.functionName());
                Map<String, Object> answer = new HashMap<>();
                answer.put("ReservedMem", config.reserved(namespace, name).orElse(null));
                yield answer;
            }
            case "DeleteReservedConcurrencyConfig" -> {
                config.deleteReserved(namespace, existing(namespace, r.functionName()));
                yield Map.of();
            }
            default -> throw new IllegalArgumentException(action);
        };
    }

    private String existing(String namespace, String name) {
        try {
            FunctionView fn = functions.view(namespace, name, FunctionView.LATEST, Long.MAX_VALUE)
                    .orElseThrow(() -> new ScfException(ScfError.FUNCTION_NOT_FOUND, "Function " + name + " does not exist in namespace " + namespace + "."));
            return fn.name();
        } catch (IOException e) {
            throw new ScfException(ScfError.SERVICE_UNAVAILABLE, "function-service could not be asked about " + name + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScfException(ScfError.SERVICE_UNAVAILABLE, "interrupted");
        }
    }
}
