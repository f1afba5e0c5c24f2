package dev.faas.function.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A function's {@code $LATEST} as stored. */
record FunctionRecord(
        UUID id,
        String namespace,
        String name,
        String type,
        String runtime,
        String handler,
        String description,
        int memoryMb,
        int timeoutSeconds,
        int initTimeoutSeconds,
        List<EnvVariable> environment,
        String codeSha256,
        long codeSize,
        String urlId,
        String status,
        long revision,
        Instant createdAt,
        Instant updatedAt) {
}
