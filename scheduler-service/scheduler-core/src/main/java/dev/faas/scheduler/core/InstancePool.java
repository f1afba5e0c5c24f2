package dev.faas.scheduler.core;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * The instances of one {@link PoolKey} and the leases on them.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>An instance has {@code slotsPerInstance} slots (1 by default: one request at a time, as SCF). A lease takes one.</li>
 *   <li>{@link #acquire} leases a free slot of a READY instance, preferring the most recently used one (so surplus
 *       instances go idle and are reclaimed). With none free it asks the caller to start an instance and reserves
 *       that instance's first slot for the request. With one slot an instance (SCF's default) a concurrent second
 *       request therefore starts a second instance instead of queueing behind the first one's cold start; with
 *       several, requests that arrive while an instance is starting take its free slots and wait for it
 *       ({@link WaitForInstance}) instead of each starting its own.</li>
 *   <li>A lease's TTL runs from the moment it is usable ({@link #instanceReady}); {@link #renew} extends it;
 *       {@link #expire} drops leases whose holder stopped renewing (a gateway that died), returning their slots.</li>
 *   <li>{@link #reclaimIdle} hands back READY instances with no lease for longer than the idle timeout, except
 *       provisioned ones ({@link #startProvisioned}), which stay until {@link #unprovision} makes them ordinary.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * Not thread-safe: one owner calls it at a time (the scheduler holds a lock per pool). Time is passed in, never read,
 * so tests drive it.
 */
public final class InstancePool {
    private final PoolKey key;
    private final int slotsPerInstance;
    private final Supplier<String> ids;
    private final Map<String, Slots> instances = new LinkedHashMap<>();
    private final Map<String, Lease> leases = new LinkedHashMap<>();

    public InstancePool(PoolKey key, int slotsPerInstance, Supplier<String> ids) {
        if (slotsPerInstance < 1) {
            throw new IllegalArgumentException("slotsPerInstance must be at least 1, was " + slotsPerInstance);
        }
        this.key = key;
        this.slotsPerInstance = slotsPerInstance;
        this.ids = ids;
    }

    /** The outcome of {@link #acquire}. */
    public sealed interface Acquisition permits Warm, StartInstance, WaitForInstance {
    }

    /** A slot on a READY instance: the lease is active now. */
    public record Warm(Lease lease, Endpoint endpoint) implements Acquisition {
    }

    /**
     * No free slot: start instance {@code instanceId}; its first slot is reserved by {@code lease}, which becomes
     * active when {@link #instanceReady} is called, or disappears with {@link #instanceFailed}.
     */
    public record StartInstance(String instanceId, Lease lease) implements Acquisition {
    }

    /**
     * No READY slot, but instance {@code instanceId} is starting and has a free one: {@code lease} is reserved on it
     * and becomes active with {@link #instanceReady}, or disappears with {@link #instanceFailed}.
     */
    public record WaitForInstance(String instanceId, Lease lease) implements Acquisition {
    }

    private static final class Slots {
        final String id;
        final Instant startedAt;
        Instance.State state = Instance.State.STARTING;
        Endpoint endpoint;
        int busy;
        Instant lastReleased;
        boolean provisioned;

        Slots(String id, Instant startedAt) {
            this.id = id;
            this.startedAt = startedAt;
        }
    }

    public Acquisition acquire(String requestId, Instant now, Duration ttl) {
        Slots best = null;
        for (Slots s : instances.values()) {
            // an instance already serving comes first (several requests an instance: fill it before waking
            // another), then the one used last
            if (s.state == Instance.State.READY && s.busy < slotsPerInstance && (best == null || preferred(s, best))) {
                best = s;
            }
        }
        if (best != null) {
            best.busy++;
            Lease lease = new Lease(ids.get(), key, best.id, requestId, ttl, now, now.plus(ttl));
            leases.put(lease.id(), lease);
            return new Warm(lease, best.endpoint);
        }
        for (Slots s : instances.values()) {
            if (s.state == Instance.State.STARTING && s.busy < slotsPerInstance) {
                s.busy++;
                Lease waiting = new Lease(ids.get(), key, s.id, requestId, ttl, now, null);
                leases.put(waiting.id(), waiting);
                return new WaitForInstance(s.id, waiting);
            }
        }
        Slots started = new Slots(ids.get(), now);
        started.busy = 1;
        instances.put(started.id, started);
        Lease reserved = new Lease(ids.get(), key, started.id, requestId, ttl, now, null);
        leases.put(reserved.id(), reserved);
        return new StartInstance(started.id, reserved);
    }

    /** Adds a provisioned instance, STARTING with no lease; the caller starts it and calls {@link #instanceReady}. */
    public String startProvisioned(Instant now) {
        Slots s = new Slots(ids.get(), now);
        s.provisioned = true;
        instances.put(s.id, s);
        return s.id;
    }

    /** Provisioned instances, starting or ready. */
    public int provisionedCount() {
        return (int) instances.values().stream().filter(s -> s.provisioned).count();
    }

    public int provisionedReady() {
        return (int) instances.values().stream().filter(s -> s.provisioned && s.state == Instance.State.READY).count();
    }

    /** Makes {@code surplus} provisioned instances ordinary (idle ones first), so idle reclaim takes them in time. */
    public void unprovision(int surplus) {
        instances.values().stream().filter(s -> s.provisioned).sorted(java.util.Comparator.comparingInt((Slots s) -> s.busy))
                .limit(Math.max(0, surplus)).forEach(s -> s.provisioned = false);
    }

    /** The instance listens at {@code endpoint}: activates the leases reserved on it and returns them. */
    public List<Lease> instanceReady(String instanceId, Endpoint endpoint, Instant now) {
        Slots s = instances.get(instanceId);
        if (s == null || s.state != Instance.State.STARTING) {
            return List.of();
        }
        s.state = Instance.State.READY;
        s.endpoint = endpoint;
        List<Lease> activated = new ArrayList<>();
        for (Map.Entry<String, Lease> e : leases.entrySet()) {
            Lease l = e.getValue();
            if (l.instanceId().equals(instanceId) && !l.active()) {
                Lease active = l.activated(now);
                e.setValue(active);
                activated.add(active);
            }
        }
        return activated;
    }

    /** The instance is gone (failed to start, exited, was stopped): forgets it and every lease on it. */
    public List<Lease> instanceFailed(String instanceId) {
        if (instances.remove(instanceId) == null) {
            return List.of();
        }
        List<Lease> dropped = new ArrayList<>();
        leases.values().removeIf(l -> {
            boolean onIt = l.instanceId().equals(instanceId);
            if (onIt) {
                dropped.add(l);
            }
            return onIt;
        });
        return dropped;
    }

    /** Ends a lease and frees its slot. Empty when the lease is unknown (already released or expired). */
    public Optional<Lease> release(String leaseId, Instant now) {
        Lease lease = leases.remove(leaseId);
        if (lease == null) {
            return Optional.empty();
        }
        free(lease, now);
        return Optional.of(lease);
    }

    /** Extends an active lease by its own TTL from now. */
    public Optional<Lease> renew(String leaseId, Instant now) {
        Lease lease = leases.get(leaseId);
        if (lease == null || !lease.active()) {
            return Optional.ofNullable(lease);
        }
        Lease renewed = lease.renewed(now);
        leases.put(leaseId, renewed);
        return Optional.of(renewed);
    }

    /** Drops the active leases whose TTL has passed and returns them; their slots are free again. */
    public List<Lease> expire(Instant now) {
        List<Lease> expired = new ArrayList<>();
        leases.values().removeIf(l -> {
            boolean over = l.active() && !now.isBefore(l.expiresAt());
            if (over) {
                expired.add(l);
            }
            return over;
        });
        expired.forEach(l -> free(l, now));
        return expired;
    }

    /** Removes and returns the READY instances idle for at least {@code idleTimeout}; the caller stops them. */
    public List<Instance> reclaimIdle(Instant now, Duration idleTimeout) {
        List<Instance> reclaimed = new ArrayList<>();
        instances.values().removeIf(s -> {
            boolean idle = s.state == Instance.State.READY && s.busy == 0 && !s.provisioned
                    && !now.isBefore(lastUse(s).plus(idleTimeout));
            if (idle) {
                reclaimed.add(snapshot(s));
            }
            return idle;
        });
        return reclaimed;
    }

    public Optional<Lease> lease(String leaseId) {
        return Optional.ofNullable(leases.get(leaseId));
    }

    public List<Instance> instances() {
        return instances.values().stream().map(this::snapshot).toList();
    }

    /** The slots leased on one instance (0 when it is not in this pool). */
    public int busy(String instanceId) {
        Slots s = instances.get(instanceId);
        return s == null ? 0 : s.busy;
    }

    public int busySlots() {
        return instances.values().stream().mapToInt(s -> s.busy).sum();
    }

    public boolean isEmpty() {
        return instances.isEmpty() && leases.isEmpty();
    }

    public int slotsPerInstance() {
        return slotsPerInstance;
    }

    public PoolKey key() {
        return key;
    }

    private void free(Lease lease, Instant now) {
        Slots s = instances.get(lease.instanceId());
        if (s != null && s.busy > 0) {
            s.busy--;
            s.lastReleased = now;
        }
    }

    private static boolean preferred(Slots s, Slots over) {
        if ((s.busy > 0) != (over.busy > 0)) {
            return s.busy > 0;
        }
        return lastUse(s).isAfter(lastUse(over));
    }

    private static Instant lastUse(Slots s) {
        return s.lastReleased == null ? s.startedAt : s.lastReleased;
    }

    private Instance snapshot(Slots s) {
        return new Instance(s.id, key, s.state, s.endpoint, slotsPerInstance, s.busy, s.startedAt,
                s.busy == 0 ? lastUse(s) : null, s.provisioned);
    }
}
