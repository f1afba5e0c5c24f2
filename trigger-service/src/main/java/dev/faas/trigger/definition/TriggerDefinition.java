package dev.faas.trigger.definition;

import java.time.Instant;
import java.util.UUID;

/** A trigger as stored: bound to one version or alias of one function. */
public record TriggerDefinition(UUID id, String namespace, String functionName, String qualifier, String name, String type,
                                String descJson, boolean enabled, Instant createdAt, Instant updatedAt) {
}
