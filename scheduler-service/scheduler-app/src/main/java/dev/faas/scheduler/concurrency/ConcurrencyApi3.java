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
import tools.jackson.databind.JsonNode;

/**
 * Concurrency actions of API 3.0 (wire §7 "Concurrency and account"): the region pool and per-function reservations.
 * Provisioned concurrency comes next (issue #4).
 */
@Component
class ConcurrencyApi3 implements Api3Actions {
    private final ConcurrencyConfig config;
    private final FunctionDirectory functions;
    private final ProvisionedConfig provisioned;
    private final dev.faas.scheduler.placement.LeaseService leases;

    ConcurrencyApi3(ConcurrencyConfig config, FunctionDirectory functions, ProvisionedConfig provisioned,
                    dev.faas.scheduler.placement.LeaseService leases) {
        this.config = config;
        this.functions = functions;
        this.provisioned = provisioned;
        this.leases = leases;
    }

    @Override
    public Set<String> actions() {
        return Set.of("PutTotalConcurrencyConfig", "PutReservedConcurrencyConfig", "GetReservedConcurrencyConfig",
                "DeleteReservedConcurrencyConfig", "PutProvisionedConcurrencyConfig", "GetProvisionedConcurrencyConfig",
                "DeleteProvisionedConcurrencyConfig");
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
            case "PutProvisionedConcurrencyConfig" -> {
                String name = existing(namespace, r.functionName());
                FunctionView version = version(namespace, name, r.text("Qualifier", null));
                Long count = r.longValue("VersionProvisionedConcurrencyNum");
                if (count == null) {
                    throw new ScfException(ScfError.MISSING_PARAMETER, "VersionProvisionedConcurrencyNum is required.");
                }
                ProvisionedConfig.TriggerAction[] actions = r.field("TriggerActions", ProvisionedConfig.TriggerAction[].class);
                ProvisionedConfig.Tracking tracking = tracking(r);
                int instances = (int) Math.min(Integer.MAX_VALUE, count);
                if (tracking != null) {
                    instances = Math.max(tracking.min(), Math.min(tracking.max(), instances));
                }
                provisioned.put(new ProvisionedConfig.Target(namespace, name, version.version(), instances,
                        version.memoryMb(), actions == null ? java.util.List.of() : java.util.Arrays.asList(actions), tracking));
                yield Map.of();
            }
            case "GetProvisionedConcurrencyConfig" -> {
                String name = existing(namespace, r.functionName());
                String qualifier = r.text("Qualifier", null);
                java.util.List<Map<String, Object>> allocated = new java.util.ArrayList<>();
                long provisionedMb = 0;
                for (ProvisionedConfig.Target t : provisioned.of(namespace, name)) {
                    provisionedMb += (long) t.instances() * t.memoryMb();
                    if (qualifier != null && !qualifier.equals(t.qualifier())) {
                        continue;
                    }
                    int[] state = leases.provisioned(namespace, name, t.qualifier());
                    Map<String, Object> m = new java.util.LinkedHashMap<>();
                    m.put("Qualifier", t.qualifier());
                    m.put("AllocatedProvisionedConcurrencyNum", t.instances());
                    m.put("AvailableProvisionedConcurrencyNum", Math.min(state[0], t.instances()));
                    m.put("Status", state[0] >= t.instances() ? "Done" : "InProgress");
                    m.put("StatusReason", "");
                    m.put("TriggerActions", t.actions());
                    m.put("ProvisionedType", t.tracking() == null ? "Default" : "ConcurrencyUtilizationTracking");
                    if (t.tracking() != null) {
                        m.put("TrackingTarget", t.tracking().target());
                        m.put("MinCapacity", t.tracking().min());
                        m.put("MaxCapacity", t.tracking().max());
                    }
                    allocated.add(m);
                }
                int memory = latestMemory(namespace, name);
                long pool = config.reserved(namespace, name).orElse(config.account().sharedMb());
                Map<String, Object> answer = new java.util.LinkedHashMap<>();
                answer.put("UnallocatedConcurrencyNum", Math.max(0, (pool - provisionedMb) / Math.max(1, memory)));
                answer.put("Allocated", allocated);
                yield answer;
            }
            case "DeleteProvisionedConcurrencyConfig" -> {
                String name = existing(namespace, r.functionName());
                String qualifier = r.required("Qualifier");
                if (!provisioned.delete(namespace, name, qualifier)) {
                    throw new ScfException(ScfError.RESOURCE_NOT_FOUND, "Version " + qualifier + " of " + name + " has no provisioned concurrency.");
                }
                yield Map.of();
            }
            default -> throw new IllegalArgumentException(action);
        };
    }

    /**
     * Newer clients' target tracking: {@code ProvisionedType ConcurrencyUtilizationTracking} with {@code TrackingTarget}
     * (0, 1], {@code MinCapacity} ≤ {@code MaxCapacity}; {@code Default} (or none) is a fixed number.
     */
    private static ProvisionedConfig.Tracking tracking(Api3Request r) {
        String type = r.text("ProvisionedType", "Default");
        if (type.equals("Default")) {
            return null;
        }
        if (!type.equals("ConcurrencyUtilizationTracking")) {
            throw new ScfException(ScfError.INVALID_PROVISION_TYPE, "ProvisionedType is Default or ConcurrencyUtilizationTracking.");
        }
        Long min = r.longValue("MinCapacity");
        Long max = r.longValue("MaxCapacity");
        JsonNode target = r.node("TrackingTarget");
        if (min == null || max == null || target == null || !target.isNumber()) {
            throw new ScfException(ScfError.MISSING_PARAMETER, "Target tracking needs TrackingTarget, MinCapacity and MaxCapacity.");
        }
        try {
            ProvisionedConfig.Tracking t = new ProvisionedConfig.Tracking(min.intValue(), max.intValue(), target.asDouble());
            t.rules();
            return t;
        } catch (IllegalArgumentException e) {
            throw new ScfException(ScfError.INVALID_PARAMETER_VALUE, "Target tracking: " + e.getMessage() + ".");
        }
    }

    private int latestMemory(String namespace, String name) {
        try {
            return functions.view(namespace, name, FunctionView.LATEST, 0).map(FunctionView::memoryMb).orElse(128);
        } catch (IOException e) {
            return 128;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 128;
        }
    }

    /** A published version (provisioning never applies to $LATEST). */
    private FunctionView version(String namespace, String name, String qualifier) {
        if (qualifier == null || qualifier.isEmpty()) {
            throw new ScfException(ScfError.MISSING_PARAMETER, "Qualifier is required: the published version to provision.");
        }
        if (FunctionView.LATEST.equals(qualifier) || !qualifier.matches("[1-9][0-9]{0,8}")) {
            throw new ScfException(ScfError.INVALID_QUALIFIER, "Provisioned concurrency is for published versions, not " + qualifier + ".");
        }
        try {
            return functions.view(namespace, name, qualifier, 0)
                    .orElseThrow(() -> new ScfException(ScfError.VERSION_NOT_FOUND, "Version " + qualifier + " of " + name + " does not exist."));
        } catch (IOException e) {
            throw new ScfException(ScfError.SERVICE_UNAVAILABLE, "function-service could not be asked about " + name + ".");
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ScfException(ScfError.SERVICE_UNAVAILABLE, "interrupted");
        }
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
