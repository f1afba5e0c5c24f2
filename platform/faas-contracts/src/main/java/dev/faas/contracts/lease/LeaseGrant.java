package dev.faas.contracts.lease;

/**
 * A slot on an instance, held until released or until {@code ttlMillis} pass without a renewal.
 *
 * @param coldStart whether an instance was started for this lease
 */
public record LeaseGrant(String leaseId, String instanceId, String host, int port, String version, int memoryMb,
                         int timeoutSeconds, boolean coldStart, long ttlMillis) {
}
