package dev.faas.contracts.lease;

/**
 * The gateway asks the scheduler for a slot on an instance of one function version.
 *
 * @param revision  the revision of the function the gateway resolved; the scheduler refreshes its view when it is
 *                  older than this
 * @param refusedBy an instance that refused this request's connection (it is gone, or going, though the scheduler
 *                  may not know yet): it serves nothing more; null on a first attempt
 * @param alias     the alias the invocation was called through (its logs' {@code SCF_Alias}), or null when none
 */
public record LeaseRequest(String requestId, String namespace, String functionName, String version, long revision, String refusedBy,
                           String alias) {
    public LeaseRequest(String requestId, String namespace, String functionName, String version, long revision) {
        this(requestId, namespace, functionName, version, revision, null, null);
    }
}
