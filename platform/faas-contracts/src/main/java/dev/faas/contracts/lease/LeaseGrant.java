package dev.faas.contracts.lease;

/**
 * A slot on an instance, held until released or until {@code ttlMillis} pass without a renewal.
 *
 * @param coldStart whether an instance was started for this lease
 * @param schedulerId the scheduler that granted it (a new id after each of its starts)
 * @param generation the scheduler's concurrency-configuration generation read before the lease was admitted: a holder
 *                   that later learns of a higher generation gives the slot back, as it was admitted under an older
 *                   quota
 * @param slots the requests the instance serves at once (0 from a scheduler that did not say: taken as 1)
 */
public record LeaseGrant(String leaseId, String instanceId, String host, int port, String version, int memoryMb,
                         int timeoutSeconds, boolean coldStart, long ttlMillis, String schedulerId, long generation,
                         int slots) {
}
