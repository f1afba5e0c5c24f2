package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.faas.contracts.lease.LeaseGrant;

/** The gateway's held slots, with a driven clock (milliseconds). */
class SlotCacheTest {
    private static final Duration LINGER = Duration.ofMillis(500);
    private static final long TTL = 30_000;
    private final SlotCache cache = new SlotCache(LINGER);
    private final SlotCache.Key key = new SlotCache.Key("default", "hello", "$LATEST", 3);

    private static LeaseGrant grant(String leaseId, String instanceId) {
        return grant(leaseId, instanceId, "scheduler-1", 7);
    }

    private static LeaseGrant grant(String leaseId, String instanceId, String schedulerId, long generation) {
        return new LeaseGrant(leaseId, instanceId, "127.0.0.1", 9000, "$LATEST", 128, 3, false, TTL, schedulerId, generation, 1);
    }

    /**
     * The race behind HeldSlotsIT's rare second instance: a sweep that found the key's free list empty (the slot out
     * serving) removed the list just as the invocation's end was putting the slot back into it, so the slot went into
     * a list no one reads; the gateway kept renewing a lease it could never use, and the next call acquired another,
     * starting a second instance. One thread serves call after call on the one slot while another sweeps without
     * pause; every call must find the slot.
     */
    @Test
    void aSweepRacingTheEndOfAnInvocation_neverLosesTheSlot() throws Exception {
        SlotCache.Slot slot = cache.adopt(key, grant("l1", "i1"), 0);
        cache.give(slot, 0);
        AtomicInteger sweeps = new AtomicInteger();
        var done = new java.util.concurrent.atomic.AtomicBoolean();
        Thread sweeper = Thread.ofPlatform().start(() -> {
            while (!done.get()) {
                cache.sweep(1); // within the linger: nothing is due back
                sweeps.incrementAndGet();
            }
        });
        int lostAt = -1;
        try {
            for (int call = 0; call < 2_000_000 && lostAt < 0; call++) {
                SlotCache.Slot taken = cache.take(key, 1);
                if (taken == null) {
                    lostAt = call;
                } else {
                    cache.give(taken, 1);
                }
            }
        } finally {
            done.set(true);
            sweeper.join();
        }
        assertThat(sweeps.get()).as("the sweeper ran alongside").isPositive();
        assertThat(lostAt).as("the call that found no free slot").isEqualTo(-1);
    }

    @Test
    void anEmptyCache_isAMiss() {
        assertThat(cache.take(key, 0)).isNull();
    }

    @Test
    void aSlotGivenBack_servesTheNextInvocation_withNoScheduler() {
        SlotCache.Slot slot = cache.adopt(key, grant("l1", "i1"), 0);
        assertThat(cache.take(key, 1)).as("busy: not taken twice").isNull();
        cache.give(slot, 10);
        assertThat(cache.take(key, 20)).isSameAs(slot);
        assertThat(cache.sweep(20).release()).isEmpty();
    }

    @Test
    void aSlotIsNotSharedAcrossKeys() {
        cache.give(cache.adopt(key, grant("l1", "i1"), 0), 0);
        assertThat(cache.take(new SlotCache.Key("default", "hello", "$LATEST", 4), 1)).as("another revision").isNull();
        assertThat(cache.take(new SlotCache.Key("default", "hello", "1", 0), 1)).as("another version").isNull();
        assertThat(cache.take(key, 1)).isNotNull();
    }

    @Test
    void aFreeSlot_isReturnedToTheSchedulerAfterTheLinger_andNotBefore() {
        cache.give(cache.adopt(key, grant("l1", "i1"), 0), 100);
        assertThat(cache.sweep(599).release()).isEmpty();
        assertThat(cache.sweep(600).release()).containsExactly("l1");
        assertThat(cache.take(key, 601)).isNull();
        assertThat(cache.held()).isZero();
        assertThat(cache.sweep(700).release()).as("returned once").isEmpty();
    }

    @Test
    void theSlotGivenBackLast_isTakenFirst_soTheOthersAgeOut() {
        SlotCache.Slot a = cache.adopt(key, grant("a", "i1"), 0);
        SlotCache.Slot b = cache.adopt(key, grant("b", "i1"), 0);
        cache.give(a, 0);
        cache.give(b, 300);
        assertThat(cache.take(key, 400)).isSameAs(b);
        cache.give(b, 400);
        assertThat(cache.sweep(500).release()).as("a lingered 500 ms").containsExactly("a");
        assertThat(cache.take(key, 501)).isSameAs(b);
    }

    @Test
    void heldSlots_busyOrFree_areRenewedPastHalfTheirTtl_onceASecond() {
        SlotCache.Slot busy = cache.adopt(key, grant("busy", "i1"), 0);
        cache.give(cache.adopt(key, grant("free", "i1"), 0), 0);
        SlotCache.Sweep early = cache.sweep(TTL / 2 - 1);
        assertThat(early.renew()).isEmpty();
        assertThat(early.release()).as("the free one lingered out: returned, not renewed").containsExactly("free");
        SlotCache.Sweep sweep = cache.sweep(TTL / 2 + 1);
        assertThat(sweep.renew()).containsExactly("busy");
        assertThat(sweep.release()).isEmpty();
        assertThat(cache.sweep(TTL / 2 + 500).renew()).as("asked less than a second ago").isEmpty();
        cache.renewed("busy", TTL, TTL / 2 + 600);
        assertThat(cache.sweep(TTL / 2 + 2_000).renew()).isEmpty();
        cache.give(busy, TTL / 2 + 2_000);
        assertThat(cache.take(key, TTL / 2 + 2_001)).isSameAs(busy);
    }

    @Test
    void aFreeSlotCloseToItsExpiry_isNotTaken_butReturned() {
        SlotCache.Slot slot = cache.adopt(key, grant("old", "i1"), 0);
        // its renewals were lost: it is within the margin of its TTL
        cache.give(slot, TTL - SlotCache.EXPIRY_MARGIN_MILLIS + 1);
        assertThat(cache.take(key, TTL - SlotCache.EXPIRY_MARGIN_MILLIS + 1)).isNull();
        assertThat(cache.sweep(TTL - SlotCache.EXPIRY_MARGIN_MILLIS + 2).release()).containsExactly("old");
    }

    @Test
    void aDroppedSlot_isReturnedAtOnce_andNeverServesAgain() {
        SlotCache.Slot slot = cache.adopt(key, grant("l1", "i1"), 0);
        cache.drop(slot);
        cache.give(slot, 1);
        assertThat(cache.take(key, 2)).isNull();
        assertThat(cache.sweep(2).release()).containsExactly("l1");
    }

    @Test
    void anInstanceThatWentAway_takesAllItsSlots_freeAtOnce_busyWhenTheirInvocationEnds() {
        SlotCache.Slot free = cache.adopt(key, grant("free", "dead"), 0);
        cache.give(free, 0);
        SlotCache.Slot busy = cache.adopt(key, grant("busy", "dead"), 0);
        SlotCache.Slot other = cache.adopt(key, grant("other", "alive"), 0);
        cache.give(other, 0);
        cache.dropInstance("dead");
        assertThat(cache.sweep(1).release()).containsExactly("free");
        cache.give(busy, 2);
        assertThat(cache.sweep(3).release()).containsExactly("busy");
        assertThat(cache.take(key, 4)).isSameAs(other);
        assertThat(cache.take(key, 4)).isNull();
    }

    @Test
    void aConfigurationChange_returnsTheFreeSlots_andTheBusyOnesWhenTheyEnd() {
        cache.give(cache.adopt(key, grant("free", "i1"), 0), 0);
        SlotCache.Slot busy = cache.adopt(key, grant("busy", "i2"), 0);
        cache.dropFree();
        assertThat(cache.take(key, 1)).isNull();
        cache.give(busy, 2);
        assertThat(cache.take(key, 3)).as("admitted under the old quota: not reused").isNull();
        assertThat(cache.sweep(3).release()).containsExactlyInAnyOrder("free", "busy");
    }

    @Test
    void aNewConfigurationGeneration_returnsOnlyTheSlotsAdmittedBeforeIt() {
        // CI found this: slots taken just after a reservation changed were returned when the gateway next heard the
        // new generation, so an invocation right after them found no slot and the quota still counting them (432)
        SlotCache.Slot old = cache.adopt(key, grant("old", "i1", "scheduler-1", 7), 0);
        SlotCache.Slot fresh = cache.adopt(key, grant("fresh", "i2", "scheduler-1", 8), 0);
        cache.dropAdmittedBefore(8);
        assertThat(cache.give(old, 1)).as("admitted under the old quota: given back").isFalse();
        assertThat(cache.give(fresh, 1)).isTrue();
        assertThat(cache.take(key, 2)).isSameAs(fresh);
        assertThat(cache.sweep(2).release()).containsExactly("old");
    }

    @Test
    void aLeaseTheSchedulerLost_isNotUsedAgain_norReturned() {
        SlotCache.Slot free = cache.adopt(key, grant("free", "i1"), 0);
        cache.give(free, 0);
        SlotCache.Slot busy = cache.adopt(key, grant("busy", "i1"), 0);
        cache.lost("free");
        cache.lost("busy");
        assertThat(cache.take(key, 1)).isNull();
        cache.give(busy, 1);
        assertThat(cache.take(key, 2)).isNull();
        assertThat(cache.sweep(2).release()).as("the scheduler does not hold them").isEmpty();
        assertThat(cache.held()).isZero();
    }

    @Test
    void aSchedulerRestart_forgetsWhatTheOldOneGranted_withoutReturningIt() {
        cache.give(cache.adopt(key, grant("a", "i1"), 0), 0);
        SlotCache.Slot busy = cache.adopt(key, grant("b", "i1"), 0);
        // granted by the new scheduler before the gateway heard of the restart: it holds this one, so it is kept
        SlotCache.Slot fresh = cache.adopt(key, grant("c", "i9", "scheduler-2", 0), 0);
        cache.forgetGrantedByOthers("scheduler-2");
        assertThat(cache.give(busy, 1)).isFalse();
        assertThat(cache.take(key, 2)).isNull();
        cache.give(fresh, 3);
        assertThat(cache.take(key, 4)).isSameAs(fresh);
        cache.give(fresh, 5);
        assertThat(cache.held()).isEqualTo(1);
        assertThat(cache.sweep(10_000).release()).as("only the new scheduler's lease goes back, after its linger").containsExactly("c");
        assertThat(cache.held()).isZero();
    }

    @Test
    void concurrentTakers_neverShareASlot() throws Exception {
        int slots = 8;
        for (int i = 0; i < slots; i++) {
            cache.give(cache.adopt(key, grant("l" + i, "i1"), 0), 0);
        }
        int threads = 4;
        int rounds = 20_000;
        Set<SlotCache.Slot> inUse = ConcurrentHashMap.newKeySet();
        AtomicInteger overlaps = new AtomicInteger();
        AtomicInteger served = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    start.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int r = 0; r < rounds; r++) {
                    SlotCache.Slot slot = cache.take(key, 1);
                    if (slot == null) {
                        continue;
                    }
                    if (!inUse.add(slot)) {
                        overlaps.incrementAndGet();
                    }
                    served.incrementAndGet();
                    inUse.remove(slot);
                    cache.give(slot, 1);
                }
            }));
        }
        start.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(overlaps).hasValue(0);
        assertThat(served.get()).isPositive();
        assertThat(cache.held()).isEqualTo(slots);
        assertThat(cache.free(key)).isEqualTo(slots);
    }
}
