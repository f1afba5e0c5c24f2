package dev.faas.contracts.lease;

/**
 * The gateway asks the scheduler for a slot on an instance of one function version.
 *
 * @param revision the revision of the function the gateway resolved; the scheduler refreshes its view when it is
 *                 older than this
 */
public record LeaseRequest(String requestId, String namespace, String functionName, String version, long revision) {
}
