package dev.faas.trigger.definition;

import java.time.Instant;
import java.util.UUID;

/**
 * A trigger as stored: bound to one version or alias of one function.
 *
 * @param urlId the function URL's id for a trigger of type {@code http}, else null
 */
public record TriggerDefinition(UUID id, String namespace, String functionName, String qualifier, String name, String type,
                                String descJson, boolean enabled, Instant createdAt, Instant updatedAt, String urlId) {

    public TriggerDefinition withEnabled(boolean on, Instant now) {
        return new TriggerDefinition(id, namespace, functionName, qualifier, name, type, descJson, on, createdAt, now, urlId);
    }
}
