package dev.faas.contracts.lease;

import java.util.List;

/**
 * What a gateway tells the scheduler in the background about the slots it holds (ADR 0004): the invocations it ran
 * on them, the leases it gives back and the leases it keeps and wants renewed. Sent every few tens of milliseconds,
 * never on a request's path.
 *
 * @param invocations in the order they happened; an invocation that started and ended since the last batch has both
 * @param release     leases given back (lingered out, failed, or of a revision no longer served)
 * @param renew       leases kept: their TTL starts again
 */
public record LeaseBatch(List<Invocation> invocations, List<String> release, List<String> renew) {
    public LeaseBatch {
        invocations = invocations == null ? List.of() : List.copyOf(invocations);
        release = release == null ? List.of() : List.copyOf(release);
        renew = renew == null ? List.of() : List.copyOf(renew);
    }

    public boolean isEmpty() {
        return invocations.isEmpty() && release.isEmpty() && renew.isEmpty();
    }

    /** Whether an invocation report tells of its start or its end. */
    public enum Phase {
        STARTED, ENDED
    }

    /**
     * One invocation on a held lease. A start is reported only for invocations that ran on a slot the gateway already
     * held (a lease acquired for a request starts that request at the scheduler).
     *
     * @param atMillis       wall clock of the start, or of the end
     * @param statusCode     the status the client saw (ended only)
     * @param durationMillis from the request's arrival to its end (ended only)
     * @param responseBytes  body bytes sent to the client (ended only)
     */
    public record Invocation(String leaseId, String requestId, Phase phase, long atMillis, int statusCode, long durationMillis,
                             long responseBytes) {
        public static Invocation started(String leaseId, String requestId, long atMillis) {
            return new Invocation(leaseId, requestId, Phase.STARTED, atMillis, 0, 0, 0);
        }

        public static Invocation ended(String leaseId, String requestId, long atMillis, int statusCode, long durationMillis) {
            return new Invocation(leaseId, requestId, Phase.ENDED, atMillis, statusCode, durationMillis, 0);
        }
    }
}
