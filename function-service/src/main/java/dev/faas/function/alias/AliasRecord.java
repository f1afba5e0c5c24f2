package dev.faas.function.alias;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import dev.faas.contracts.api.ScfTime;

/** An alias of a function: its main version, routing and description. */
public record AliasRecord(UUID functionId, String name, String functionVersion, RoutingConfig routingConfig, String description,
                          Instant createdAt, Instant updatedAt) {

    /** SCF's {@code Alias} (and GetAlias's answer). */
    public Map<String, Object> scf() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Name", name);
        m.put("FunctionVersion", functionVersion);
        m.put("RoutingConfig", Map.of("AdditionalVersionWeights", routingConfig.weights(), "AddtionVersionMatchs", routingConfig.matches()));
        m.put("Description", description);
        m.put("AddTime", ScfTime.format(createdAt));
        m.put("ModTime", ScfTime.format(updatedAt));
        return m;
    }
}
