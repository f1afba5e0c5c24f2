package dev.faas.contracts.lease;

import java.util.List;

/**
 * What a gateway tells the scheduler in the background about the slots it holds (ADR 0004): the invocations it ran
 * on them, the leases it gives back and the leases it keeps and wants renewed. Sent every few tens of milliseconds,
 * never on a request's path.
 *
 * @param invocations in the order they happened; an invocation that started and ended since the last batch is one
 *                    {@link Phase#COMPLETED} report
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

    /** Whether an invocation report tells of its start, its end, or both (it started and ended since the last batch). */
    public enum Phase {
        STARTED, ENDED, COMPLETED
    }

    /**
     * One invocation on a held lease. A start is reported only for invocations that ran on a slot the gateway already
     * held (a lease acquired for a request starts that request at the scheduler).
     *
     * @param atMillis        wall clock of the start, or of the end (ended, completed)
     * @param statusCode      the status the client saw (ended, completed)
     * @param durationMillis  from the request's arrival to its end (ended, completed)
     * @param responseBytes   body bytes sent to the client (ended, completed)
     * @param startedAtMillis wall clock of the start (completed only)
     * @param alias           the alias the invocation was called through, or null when none (started, completed)
     */
    public record Invocation(String leaseId, String requestId, Phase phase, long atMillis, int statusCode, long durationMillis,
                             long responseBytes, long startedAtMillis, String alias) {
        public static Invocation started(String leaseId, String requestId, long atMillis, String alias) {
            return new Invocation(leaseId, requestId, Phase.STARTED, atMillis, 0, 0, 0, 0, alias);
        }

        public static Invocation ended(String leaseId, String requestId, long atMillis, int statusCode, long durationMillis) {
            return new Invocation(leaseId, requestId, Phase.ENDED, atMillis, statusCode, durationMillis, 0, 0, null);
        }

        /** This report of a start and {@code end}, the report of its end, as one. */
        public Invocation completedBy(Invocation end) {
            return new Invocation(leaseId, requestId, Phase.COMPLETED, end.atMillis, end.statusCode, end.durationMillis, end.responseBytes, atMillis,
                    alias);
        }
    }
}
