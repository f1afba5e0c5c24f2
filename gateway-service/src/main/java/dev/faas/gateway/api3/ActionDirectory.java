package dev.faas.gateway.api3;

import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.faas.gateway.GatewayProperties;

/**
 * Which service owns each API 3.0 action (DESIGN.md §2). An action of SCF's that no service serves yet is known but
 * unavailable; any other name is {@code InvalidAction}.
 */
final class ActionDirectory {
    /** Every action of {@code ScfClient} 3.1.430 (scf-api3-wire.md §7) and {@code UpdateTriggerStatus}. */
    static final Set<String> SCF_ACTIONS = Set.of(
            "CreateNamespace", "UpdateNamespace", "DeleteNamespace", "ListNamespaces",
            "CreateFunction", "UpdateFunctionCode", "UpdateFunctionConfiguration", "GetFunction", "ListFunctions",
            "DeleteFunction", "CopyFunction", "GetFunctionAddress",
            "PublishVersion", "ListVersionByFunction", "CreateAlias", "GetAlias", "ListAliases", "UpdateAlias", "DeleteAlias",
            "Invoke", "InvokeFunction",
            "ListAsyncEvents", "GetAsyncEventStatus", "TerminateAsyncEvent", "GetFunctionEventInvokeConfig", "UpdateFunctionEventInvokeConfig",
            "PutReservedConcurrencyConfig", "GetReservedConcurrencyConfig", "DeleteReservedConcurrencyConfig",
            "PutProvisionedConcurrencyConfig", "GetProvisionedConcurrencyConfig", "DeleteProvisionedConcurrencyConfig",
            "PutTotalConcurrencyConfig", "GetAccount",
            "CreateTrigger", "ListTriggers", "DeleteTrigger", "UpdateTriggerStatus",
            "GetFunctionLogs", "GetRequestStatus",
            "PublishLayerVersion", "ListLayers", "ListLayerVersions", "GetLayerVersion", "DeleteLayerVersion");

    /** The actions served today, by the service that serves them. */
    private final Map<String, String> served;

    ActionDirectory(GatewayProperties properties) {
        String functions = properties.functionServiceUrl();
        Map<String, String> owners = new java.util.HashMap<>();
        for (String action : new String[] {"CreateTrigger", "ListTriggers", "DeleteTrigger", "UpdateTriggerStatus"}) {
            owners.put(action, properties.triggerServiceUrl());
        }
        for (String action : new String[] {"PutTotalConcurrencyConfig", "PutReservedConcurrencyConfig", "GetReservedConcurrencyConfig",
                "DeleteReservedConcurrencyConfig", "PutProvisionedConcurrencyConfig", "GetProvisionedConcurrencyConfig",
                "DeleteProvisionedConcurrencyConfig"}) {
            owners.put(action, properties.schedulerUrl());
        }
        java.util.stream.Stream.of(
                        "CreateFunction", "GetFunction", "ListFunctions", "DeleteFunction", "UpdateFunctionCode",
                        "UpdateFunctionConfiguration", "CreateNamespace", "UpdateNamespace", "DeleteNamespace", "ListNamespaces",
                        "PublishVersion", "ListVersionByFunction", "CopyFunction", "GetAccount",
                        "CreateAlias", "GetAlias", "ListAliases", "UpdateAlias", "DeleteAlias",
                        "PublishLayerVersion", "ListLayers", "ListLayerVersions", "GetLayerVersion", "DeleteLayerVersion")
                .forEach(action -> owners.put(action, functions));
        this.served = Map.copyOf(owners);
    }

    sealed interface Route permits Owner, NotYet, Unknown {
    }

    record Owner(String baseUrl) implements Route {
    }

    record NotYet() implements Route {
    }

    record Unknown() implements Route {
    }

    Route route(String action) {
        return Optional.ofNullable(served.get(action)).<Route>map(Owner::new)
                .orElseGet(() -> SCF_ACTIONS.contains(action) ? new NotYet() : new Unknown());
    }
}
