package dev.faas.contracts.lease;

import java.util.List;
import java.util.Map;

/**
 * The scheduler's answer to a {@link LeaseBatch}.
 *
 * @param schedulerId changes when the scheduler restarts: every lease held before is gone
 * @param generation  the count of concurrency configuration changes; when it moves, cached slots are given back so
 *                    that the next invocations are admitted under the new configuration
 * @param renewed     lease id → its new TTL in ms
 * @param unknown     leases of the batch the scheduler does not hold (expired, or their instance ended)
 * @param ended       leases that ended with their instance lately (it exited, was killed or replaced), whoever holds
 *                    them: a gateway holding one stops using it at once instead of failing an invocation on it
 */
public record LeaseBatchResult(String schedulerId, long generation, Map<String, Long> renewed, List<String> unknown,
                               List<String> ended) {
    public LeaseBatchResult {
        renewed = renewed == null ? Map.of() : Map.copyOf(renewed);
        unknown = unknown == null ? List.of() : List.copyOf(unknown);
        ended = ended == null ? List.of() : List.copyOf(ended);
    }
}
