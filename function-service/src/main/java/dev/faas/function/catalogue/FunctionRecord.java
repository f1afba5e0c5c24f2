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
        FunctionConfig config,
        String codeSha256,
        long codeSize,
        String urlId,
        String status,
        long revision,
        Instant createdAt,
        Instant updatedAt) {

    FunctionRules.State state() {
        return new FunctionRules.State(type, runtime, handler, memoryMb, timeoutSeconds, initTimeoutSeconds, environment, config);
    }

    /** The next revision with new code (and, when given, a new handler). */
    FunctionRecord withCode(String sha256, long size, String newHandler, Instant now) {
        return next(new FunctionRules.State(type, runtime, newHandler == null ? handler : newHandler, memoryMb, timeoutSeconds,
                initTimeoutSeconds, environment, config), null, sha256, size, now);
    }

    /** The next revision with a new configuration. */
    FunctionRecord withState(FunctionRules.State s, String newDescription, Instant now) {
        return next(s, newDescription, codeSha256, codeSize, now);
    }

    /** The next revision: a new state, description (null keeps it) and package; identity, URL and status stay. */
    FunctionRecord next(FunctionRules.State s, String newDescription, String sha256, long size, Instant now) {
        return new FunctionRecord(id, namespace, name, type, s.runtime(), s.handler(), newDescription == null ? description : newDescription,
                s.memoryMb(), s.timeoutSeconds(), s.initTimeoutSeconds(), s.environment(), s.config(), sha256, size, urlId,
                status, revision + 1, createdAt, now);
    }
}
