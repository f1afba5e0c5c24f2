package dev.faas.scheduler.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.faas.scheduler.core.InstancePool.StartInstance;
import dev.faas.scheduler.core.InstancePool.Warm;
import dev.faas.testsupport.MutableClock;

class InstancePoolTest {
    private static final PoolKey KEY = new PoolKey("default", "fn", "$LATEST", 1);
    private static final Duration TTL = Duration.ofSeconds(30);
    private static final Endpoint A = new Endpoint("127.0.0.1", 40001);
    private static final Endpoint B = new Endpoint("127.0.0.1", 40002);

    private final MutableClock clock = MutableClock.at("2026-12-03T10:00:00Z");
    private final AtomicInteger seq = new AtomicInteger();
    private final InstancePool pool = new InstancePool(KEY, 1, () -> "id-" + seq.incrementAndGet());

    private StartInstance coldStart(String requestId, Endpoint endpoint) {
        var acquisition = pool.acquire(requestId, clock.instant(), TTL);
        assertThat(acquisition).isInstanceOf(StartInstance.class);
        StartInstance start = (StartInstance) acquisition;
        assertThat(start.lease().active()).isFalse();
        var activated = pool.instanceReady(start.instanceId(), endpoint, clock.instant());
        assertThat(activated).singleElement().satisfies(l -> {
            assertThat(l.id()).isEqualTo(start.lease().id());
            assertThat(l.expiresAt()).isEqualTo(clock.instant().plus(TTL));
        });
        return start;
    }

    @Test
    void emptyPool_asksForAnInstance_andActivatesTheReservedLeaseWhenItIsReady() {
        StartInstance start = coldStart("r1", A);
        assertThat(pool.instances()).singleElement().satisfies(i -> {
            assertThat(i.state()).isEqualTo(Instance.State.READY);
            assertThat(i.endpoint()).isEqualTo(A);
            assertThat(i.busySlots()).isEqualTo(1);
        });
        assertThat(pool.lease(start.lease().id())).get().extracting(Lease::requestId).isEqualTo("r1");
    }

    @Test
    void sequentialRequests_reuseTheWarmInstance() {
        StartInstance first = coldStart("r1", A);
        pool.release(first.lease().id(), clock.instant());
        var second = pool.acquire("r2", clock.instant(), TTL);
        assertThat(second).isInstanceOfSatisfying(Warm.class, w -> {
            assertThat(w.endpoint()).isEqualTo(A);
            assertThat(w.lease().instanceId()).isEqualTo(first.instanceId());
        });
        assertThat(pool.instances()).hasSize(1);
    }

    @Test
    void concurrentRequest_whileTheOnlySlotIsBusy_startsASecondInstance() {
        coldStart("r1", A);
        var second = pool.acquire("r2", clock.instant(), TTL);
        assertThat(second).isInstanceOf(StartInstance.class);
        assertThat(pool.instances()).hasSize(2);
        assertThat(pool.busySlots()).isEqualTo(2);
    }

    @Test
    void concurrentRequest_whileTheFirstInstanceIsStillStarting_startsItsOwn() {
        var first = pool.acquire("r1", clock.instant(), TTL);
        var second = pool.acquire("r2", clock.instant(), TTL);
        assertThat(first).isInstanceOf(StartInstance.class);
        assertThat(second).isInstanceOf(StartInstance.class);
        assertThat(((StartInstance) first).instanceId()).isNotEqualTo(((StartInstance) second).instanceId());
    }

    @Test
    void withTwoSlots_aSecondConcurrentRequestSharesTheInstance() {
        InstancePool shared = new InstancePool(KEY, 2, () -> "s-" + seq.incrementAndGet());
        StartInstance start = (StartInstance) shared.acquire("r1", clock.instant(), TTL);
        shared.instanceReady(start.instanceId(), A, clock.instant());
        assertThat(shared.acquire("r2", clock.instant(), TTL)).isInstanceOf(Warm.class);
        assertThat(shared.acquire("r3", clock.instant(), TTL)).isInstanceOf(StartInstance.class);
    }

    @Test
    void warmAcquire_prefersTheMostRecentlyUsedInstance_soSurplusOnesGoIdle() {
        StartInstance a = coldStart("r1", A);
        StartInstance b = coldStart("r2", B);
        pool.release(a.lease().id(), clock.instant());
        clock.advance(Duration.ofSeconds(1));
        pool.release(b.lease().id(), clock.instant());
        var next = (Warm) pool.acquire("r3", clock.instant(), TTL);
        assertThat(next.endpoint()).isEqualTo(B);
    }

    @Test
    void withSeveralSlots_anInstanceAlreadyServingIsFilledFirst_evenWhenAnIdleOneWasUsedLater() {
        InstancePool shared = new InstancePool(KEY, 3, () -> "p-" + seq.incrementAndGet());
        StartInstance a = (StartInstance) shared.acquire("r1", clock.instant(), TTL);
        shared.instanceReady(a.instanceId(), A, clock.instant());
        Warm second = (Warm) shared.acquire("r2", clock.instant(), TTL);
        Warm third = (Warm) shared.acquire("r3", clock.instant(), TTL);
        StartInstance b = (StartInstance) shared.acquire("r4", clock.instant(), TTL);
        shared.instanceReady(b.instanceId(), B, clock.instant());
        // a keeps one request; b goes idle after it
        shared.release(second.lease().id(), clock.instant());
        shared.release(third.lease().id(), clock.instant());
        clock.advance(Duration.ofSeconds(1));
        shared.release(b.lease().id(), clock.instant());
        assertThat(shared.busy(a.instanceId())).isEqualTo(1);
        assertThat(shared.busy(b.instanceId())).isZero();
        var next = (Warm) shared.acquire("r5", clock.instant(), TTL);
        assertThat(next.endpoint()).as("the busy instance, though b was used last").isEqualTo(A);
        assertThat(shared.busy(a.instanceId())).isEqualTo(2);
        assertThat(shared.busy("no-such-instance")).isZero();
    }

    @Test
    void releasingTwice_isANoOp_andDoesNotFreeSomeoneElsesSlot() {
        StartInstance first = coldStart("r1", A);
        assertThat(pool.release(first.lease().id(), clock.instant())).isPresent();
        var second = (Warm) pool.acquire("r2", clock.instant(), TTL);
        assertThat(pool.release(first.lease().id(), clock.instant())).isEmpty();
        assertThat(pool.busySlots()).isEqualTo(1);
        assertThat(pool.lease(second.lease().id())).isPresent();
    }

    @Test
    void leaseNotReleasedWithinItsTtl_expires_andItsSlotReturns() {
        StartInstance first = coldStart("r1", A);
        clock.advance(TTL.minusMillis(1));
        assertThat(pool.expire(clock.instant())).isEmpty();
        clock.advance(Duration.ofMillis(1));
        assertThat(pool.expire(clock.instant())).singleElement().extracting(Lease::id).isEqualTo(first.lease().id());
        assertThat(pool.busySlots()).isZero();
        assertThat(pool.acquire("r2", clock.instant(), TTL)).isInstanceOf(Warm.class);
    }

    @Test
    void renewedLease_outlivesItsFirstTtl() {
        StartInstance first = coldStart("r1", A);
        clock.advance(TTL.minusSeconds(5));
        pool.renew(first.lease().id(), clock.instant());
        clock.advance(Duration.ofSeconds(10));
        assertThat(pool.expire(clock.instant())).isEmpty();
        clock.advance(TTL);
        assertThat(pool.expire(clock.instant())).hasSize(1);
    }

    @Test
    void everyRenewal_extendsByTheLeasesOwnTtl_fromNow() {
        StartInstance first = coldStart("r1", A);
        for (int i = 0; i < 3; i++) {
            clock.advance(Duration.ofSeconds(20));
            assertThat(pool.renew(first.lease().id(), clock.instant())).get()
                    .extracting(Lease::expiresAt).isEqualTo(clock.instant().plus(TTL));
        }
    }

    @Test
    void startingInstancesReservedLease_neverExpires_beforeItIsActive() {
        pool.acquire("r1", clock.instant(), TTL);
        clock.advance(TTL.multipliedBy(10));
        assertThat(pool.expire(clock.instant())).isEmpty();
    }

    @Test
    void idleInstance_isReclaimedAfterTheIdleTimeout_andNotBefore() {
        StartInstance first = coldStart("r1", A);
        pool.release(first.lease().id(), clock.instant());
        Duration idle = Duration.ofMinutes(5);
        clock.advance(idle.minusSeconds(1));
        assertThat(pool.reclaimIdle(clock.instant(), idle)).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        assertThat(pool.reclaimIdle(clock.instant(), idle)).singleElement().extracting(Instance::id).isEqualTo(first.instanceId());
        assertThat(pool.isEmpty()).isTrue();
    }

    @Test
    void busyOrStartingInstances_areNeverReclaimed() {
        coldStart("r1", A);
        pool.acquire("r2", clock.instant(), TTL);
        clock.advance(Duration.ofHours(1));
        assertThat(pool.reclaimIdle(clock.instant(), Duration.ofMinutes(1))).isEmpty();
        assertThat(pool.instances()).hasSize(2);
    }

    @Test
    void failedInstance_dropsItsReservedLease() {
        StartInstance start = (StartInstance) pool.acquire("r1", clock.instant(), TTL);
        assertThat(pool.instanceFailed(start.instanceId())).singleElement().extracting(Lease::id).isEqualTo(start.lease().id());
        assertThat(pool.isEmpty()).isTrue();
        assertThat(pool.instanceReady(start.instanceId(), A, clock.instant())).isEmpty();
    }

    @Test
    void aPoolNeedsAtLeastOneSlotPerInstance() {
        assertThatThrownBy(() -> new InstancePool(KEY, 0, () -> "x")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void withSeveralSlots_requestsArrivingDuringAStart_waitForThatInstance_andOnlyAFullOneStartsAnother() {
        InstancePool multi = new InstancePool(KEY, 3, () -> "m-" + seq.incrementAndGet());
        var first = multi.acquire("r1", clock.instant(), TTL);
        assertThat(first).isInstanceOf(StartInstance.class);
        String starting = ((StartInstance) first).instanceId();
        var second = multi.acquire("r2", clock.instant(), TTL);
        var third = multi.acquire("r3", clock.instant(), TTL);
        assertThat(second).isInstanceOfSatisfying(InstancePool.WaitForInstance.class, w -> assertThat(w.instanceId()).isEqualTo(starting));
        assertThat(third).isInstanceOf(InstancePool.WaitForInstance.class);
        assertThat(multi.acquire("r4", clock.instant(), TTL)).as("the starting instance is full").isInstanceOf(StartInstance.class);
        var activated = multi.instanceReady(starting, A, clock.instant());
        assertThat(activated).hasSize(3).allMatch(Lease::active);
        assertThat(multi.busySlots()).isEqualTo(4);
    }

    @Test
    void waitersOnAnInstanceThatFailsToStart_areDroppedWithIt() {
        InstancePool multi = new InstancePool(KEY, 2, () -> "f-" + seq.incrementAndGet());
        StartInstance start = (StartInstance) multi.acquire("r1", clock.instant(), TTL);
        InstancePool.WaitForInstance waiter = (InstancePool.WaitForInstance) multi.acquire("r2", clock.instant(), TTL);
        assertThat(multi.instanceFailed(start.instanceId())).extracting(Lease::id).containsExactlyInAnyOrder(start.lease().id(), waiter.lease().id());
        assertThat(multi.isEmpty()).isTrue();
    }

    @Test
    void provisionedInstances_serveLikeAnyOther_butAreNeverReclaimedUntilUnprovisioned() {
        String id = pool.startProvisioned(clock.instant());
        assertThat(pool.provisionedCount()).isEqualTo(1);
        assertThat(pool.provisionedReady()).isZero();
        assertThat(pool.instanceReady(id, A, clock.instant())).as("no lease waits on it").isEmpty();
        assertThat(pool.provisionedReady()).isEqualTo(1);
        var warm = pool.acquire("r1", clock.instant(), TTL);
        assertThat(warm).isInstanceOfSatisfying(Warm.class, w -> assertThat(w.endpoint()).isEqualTo(A));
        pool.release(((Warm) warm).lease().id(), clock.instant());
        clock.advance(Duration.ofHours(1));
        assertThat(pool.reclaimIdle(clock.instant(), Duration.ofMinutes(5))).isEmpty();
        pool.unprovision(1);
        assertThat(pool.provisionedCount()).isZero();
        assertThat(pool.reclaimIdle(clock.instant(), Duration.ofMinutes(5))).extracting(Instance::id).containsExactly(id);
    }
}
