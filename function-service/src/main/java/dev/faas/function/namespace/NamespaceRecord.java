package dev.faas.function.namespace;

import java.time.Instant;

/** A namespace as stored. */
public record NamespaceRecord(String name, String description, Instant createdAt, Instant updatedAt) {
}
