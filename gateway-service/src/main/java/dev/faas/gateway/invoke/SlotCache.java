package dev.faas.gateway.invoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;

import dev.faas.contracts.lease.LeaseGrant;

/**
 * The slots this gateway holds (ADR 0004): leases on ready instances, kept between invocations so that a warm
 * invocation takes a slot with no call to the scheduler. Plain state, driven by the caller's clock (milliseconds).
 *
 * <ul>
 *   <li>A request {@linkplain #take takes} a free slot of its pool key (function, version, revision), the one given
 *       back last first, so that under falling load the others age out; a miss is an acquire from the scheduler,
 *       whose grant is {@linkplain #adopt adopted} busy.</li>
 *   <li>A slot {@linkplain #give given back} is free for {@code linger}; {@link #sweep} then gives it back to the
 *       scheduler. While held it counts against the function's concurrency quota, so the linger bounds how long an
 *       idle slot holds quota.</li>
 *   <li>Every held slot, busy or free, is renewed when half its TTL is gone; one the scheduler no longer knows is
 *       {@linkplain #lost lost}.</li>
 *   <li>A slot of a failed invocation is {@linkplain #drop dropped}; an instance that went away takes all its slots
 *       with it ({@link #dropInstance}); a configuration change at the scheduler drops every free slot
 *       ({@link #dropFree}) so the next invocations are admitted afresh.</li>
 * </ul>
 * A slot is owned by one request at a time: its state moves FREE → BUSY by compare-and-set.
 */
final class SlotCache {
    /**
     * A free slot this close to its expiry (or within a quarter of its TTL, for short ones) is not taken: the
     * invocation could outlive the lease. Renewals start at half the TTL, well before.
     */
    static final long EXPIRY_MARGIN_MILLIS = 2_000;
    private static final int FREE = 0;
    private static final int BUSY = 1;
    private static final int GONE = 2;

    /** Which slots are interchangeable: one function version at one revision. */
    record Key(String namespace, String function, String version, long revision) {
    }

    /** A held lease. */
    static final class Slot {
        final Key key;
        final LeaseGrant grant;
        private final AtomicInteger state;
        private volatile long expiresAt;
        private volatile long idleSince;
        private volatile long renewAskedAt = Long.MIN_VALUE / 2;
        /** Set when the slot must not serve again (its instance went away, the configuration changed). */
        private volatile boolean retired;

        private Slot(Key key, LeaseGrant grant, long now) {
            this.key = key;
            this.grant = grant;
            this.state = new AtomicInteger(BUSY);
            this.expiresAt = now + grant.ttlMillis();
        }

        String leaseId() {
            return grant.leaseId();
        }
    }

    /** What {@link #sweep} found to do: leases to give back and leases to renew. */
    record Sweep(List<String> release, List<String> renew) {
    }

    private final long lingerMillis;
    private final Map<Key, ConcurrentLinkedDeque<Slot>> free = new ConcurrentHashMap<>();
    private final Map<String, Slot> held = new ConcurrentHashMap<>();
    private final Queue<String> toRelease = new ConcurrentLinkedQueue<>();

    SlotCache(Duration linger) {
        this.lingerMillis = linger.toMillis();
    }

    /** A free slot of {@code key}, now busy, or null: the caller acquires one from the scheduler. */
    Slot take(Key key, long now) {
        ConcurrentLinkedDeque<Slot> slots = free.get(key);
        if (slots == null) {
            return null;
        }
        for (Slot slot = slots.pollFirst(); slot != null; slot = slots.pollFirst()) {
            if (!slot.state.compareAndSet(FREE, BUSY)) {
                continue; // swept or dropped meanwhile
            }
            if (slot.retired || slot.expiresAt - now < Math.min(EXPIRY_MARGIN_MILLIS, slot.grant.ttlMillis() / 4)) {
                retire(slot);
                continue;
            }
            return slot;
        }
        return null;
    }

    /** A lease just granted for a request: held, busy. */
    Slot adopt(Key key, LeaseGrant grant, long now) {
        Slot slot = new Slot(key, grant, now);
        held.put(grant.leaseId(), slot);
        return slot;
    }

    /**
     * The invocation on {@code slot} ended well: the slot is free for the linger. False when it was given back instead
     * (it was retired while busy): the scheduler should hear of it soon.
     */
    boolean give(Slot slot, long now) {
        if (slot.retired) {
            if (slot.state.compareAndSet(BUSY, GONE)) {
                release(slot);
            }
            return false;
        }
        slot.idleSince = now;
        if (slot.state.compareAndSet(BUSY, FREE)) {
            // put back inside the map's own update of the key, so that a sweep removing the key's list while it is
            // empty cannot remove it between finding the list and adding to it (the slot would sit in a list no one
            // reads, its lease renewed for ever and never used: the next call would acquire, and start, another)
            free.compute(slot.key, (k, slots) -> {
                ConcurrentLinkedDeque<Slot> list = slots == null ? new ConcurrentLinkedDeque<>() : slots;
                list.offerFirst(slot);
                return list;
            });
        }
        return true;
    }

    /** The invocation on {@code slot} failed in a way that makes the slot unfit: it is given back, not kept. */
    void drop(Slot slot) {
        slot.retired = true;
        if (slot.state.compareAndSet(BUSY, GONE) || slot.state.compareAndSet(FREE, GONE)) {
            release(slot);
        }
    }

    /** The instance went away (exited, killed): none of its slots serves again. */
    void dropInstance(String instanceId) {
        for (Slot slot : held.values()) {
            if (slot.grant.instanceId().equals(instanceId)) {
                retireOrMark(slot);
            }
        }
    }

    /** Every free slot is given back, and busy ones when their invocation ends (a configuration change). */
    void dropFree() {
        dropAdmittedBefore(Long.MAX_VALUE);
    }

    /**
     * The scheduler's concurrency configuration is now at {@code generation}: slots admitted under an older one are
     * given back (free ones now, busy ones when their invocation ends); those admitted since stay.
     */
    void dropAdmittedBefore(long generation) {
        for (Slot slot : held.values()) {
            if (slot.grant.generation() < generation) {
                retireOrMark(slot);
            }
        }
    }

    /**
     * The scheduler restarted and is now {@code schedulerId}: the slots the one before granted are forgotten without
     * being given back (it holds nothing any more); those the new one granted stay.
     */
    void forgetGrantedByOthers(String schedulerId) {
        for (Slot slot : held.values()) {
            if (!schedulerId.equals(slot.grant.schedulerId())) {
                slot.retired = true;
                slot.state.set(GONE);
                held.remove(slot.leaseId(), slot);
            }
        }
        for (ConcurrentLinkedDeque<Slot> slots : free.values()) {
            slots.removeIf(slot -> slot.state.get() == GONE);
        }
    }

    /** The scheduler renewed the lease: it lives {@code ttlMillis} from now. */
    void renewed(String leaseId, long ttlMillis, long now) {
        Slot slot = held.get(leaseId);
        if (slot != null) {
            slot.expiresAt = now + ttlMillis;
        }
    }

    /** The scheduler does not hold this lease any more (expired, instance gone): the slot is not used again. */
    void lost(String leaseId) {
        Slot slot = held.remove(leaseId);
        if (slot != null) {
            slot.retired = true;
            slot.state.compareAndSet(FREE, GONE);
        }
    }

    /**
     * Gives back slots free for longer than the linger and asks to renew those past half their TTL (at most once a
     * second each). Called on a short fixed delay.
     */
    Sweep sweep(long now) {
        for (ConcurrentLinkedDeque<Slot> slots : free.values()) {
            // the oldest free slots are at the end
            for (Slot slot = slots.peekLast(); slot != null && now - slot.idleSince >= lingerMillis; slot = slots.peekLast()) {
                if (slots.removeLastOccurrence(slot) && slot.state.compareAndSet(FREE, GONE)) {
                    release(slot);
                }
            }
        }
        for (Key key : free.keySet()) {
            free.computeIfPresent(key, (k, slots) -> slots.isEmpty() ? null : slots); // atomic with give's put-back
        }
        List<String> renew = new ArrayList<>();
        for (Slot slot : held.values()) {
            long ttl = slot.grant.ttlMillis();
            if (slot.state.get() != GONE && slot.expiresAt - now < ttl / 2 && now - slot.renewAskedAt >= 1_000) {
                slot.renewAskedAt = now;
                renew.add(slot.leaseId());
            }
        }
        List<String> release = new ArrayList<>();
        for (String id = toRelease.poll(); id != null; id = toRelease.poll()) {
            release.add(id);
        }
        return new Sweep(release, renew);
    }

    /** Slots held (busy or free). */
    int held() {
        return held.size();
    }

    /** Free slots of {@code key}. */
    int free(Key key) {
        ConcurrentLinkedDeque<Slot> slots = free.get(key);
        return slots == null ? 0 : (int) slots.stream().filter(s -> s.state.get() == FREE).count();
    }

    private void retireOrMark(Slot slot) {
        slot.retired = true;
        if (slot.state.compareAndSet(FREE, GONE)) {
            ConcurrentLinkedDeque<Slot> slots = free.get(slot.key);
            if (slots != null) {
                slots.remove(slot);
            }
            release(slot);
        }
    }

    private void retire(Slot slot) {
        slot.state.set(GONE);
        release(slot);
    }

    private void release(Slot slot) {
        if (held.remove(slot.leaseId(), slot)) {
            toRelease.add(slot.leaseId());
        }
    }
}
