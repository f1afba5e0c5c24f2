package dev.faas.scheduler.core;

import java.time.Instant;

/**
 * An instance as the pool accounts for it: a snapshot, handed out by {@link InstancePool}; the pool keeps the mutable
 * state.
 *
 * @param endpoint null while starting
 * @param busySlots leases held on it (a starting instance counts the request it is started for)
 * @param idleSince when its last lease ended; null while any slot is busy
 */
public record Instance(String id, PoolKey pool, State state, Endpoint endpoint, int slots, int busySlots,
                       Instant startedAt, Instant idleSince, boolean provisioned) {
    public enum State {
        STARTING,
        READY
    }
}
