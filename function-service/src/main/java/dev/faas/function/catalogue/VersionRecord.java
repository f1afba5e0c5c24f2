package dev.faas.function.catalogue;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** A published version: what {@code $LATEST} was when it was published. */
record VersionRecord(UUID functionId, int version, String description, String runtime, String handler, int memoryMb,
                     int timeoutSeconds, int initTimeoutSeconds, List<EnvVariable> environment, FunctionConfig config, String codeSha256,
                     long codeSize, Instant createdAt) {
}
