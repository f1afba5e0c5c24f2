package dev.faas.scheduler.core.quota;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.faas.scheduler.core.quota.ConcurrencyAccount.Admission;

/** The accounting rules of spec part 1 §11.3–§11.4, with SCF's own examples. */
class ConcurrencyAccountTest {

    /** Admits invocations of one function until the first refusal; answers how many were admitted. */
    private static int admitUntilRefused(ConcurrencyAccount.Counter c, int memoryMb) {
        int n = 0;
        while (c.tryAcquire(memoryMb) != Admission.REFUSED) {
            n++;
            if (n > 10_000_000) {
                throw new AssertionError("never refused");
            }
        }
        return n;
    }

    static Stream<Arguments> capacity() {
        return Stream.of(
                // name, region MB, reservation of f (null = shared), reservation of another function, f's memory, admitted
                Arguments.of("SCF's example: 128 MB with 19,200 MB reserved serves 150", 128_000L, 19_200L, null, 128, 150),
                Arguments.of("a reservation of 0 switches the function off", 128_000L, 0L, null, 128, 0),
                Arguments.of("the shared pool is the whole region without reservations", 128_000L, null, null, 128, 1000),
                Arguments.of("quota is memory times instances: 256 MB takes two units of 128", 128_000L, null, null, 256, 500),
                Arguments.of("64 MB functions fit twice as many", 128_000L, null, null, 64, 2000),
                Arguments.of("another function's reservation leaves the shared pool smaller", 128_000L, null, 100_000L, 128, 218),
                Arguments.of("a reservation is exclusive: the whole of it even when the rest is reserved", 128_000L, 12_800L, 102_400L, 128, 100),
                Arguments.of("memory that does not divide the reservation leaves the remainder unused", 128_000L, 1000L, null, 384, 2));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("capacity")
    void admitsUpToTheQuotaItDrawsFrom_andRefusesTheNext(String name, long region, Long reserved, Long otherReserved, int memory, int admitted) {
        ConcurrencyAccount account = new ConcurrencyAccount(region);
        if (otherReserved != null) {
            assertThat(account.putReserved("ns/other", otherReserved)).isInstanceOf(ConcurrencyAccount.Done.class);
        }
        if (reserved != null) {
            assertThat(account.putReserved("ns/f", reserved)).isInstanceOf(ConcurrencyAccount.Done.class);
        }
        assertThat(admitUntilRefused(account.function("ns/f"), memory)).isEqualTo(admitted);
    }

    static Stream<Arguments> reservations() {
        return Stream.of(
                Arguments.of("at most region less 12,800", 128_000L, 0L, 115_200L, true),
                Arguments.of("one MB over refused", 128_000L, 0L, 115_201L, false),
                Arguments.of("less what others reserved", 128_000L, 100_000L, 15_200L, true),
                Arguments.of("others' reservations leave no more", 128_000L, 100_000L, 15_201L, false),
                Arguments.of("a small region can reserve nothing", 12_800L, 0L, 1L, false),
                Arguments.of("negative is not a reservation", 128_000L, 0L, -1L, false));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("reservations")
    void aReservationLeaves12800MbUnreserved(String name, long region, long others, long wanted, boolean allowed) {
        ConcurrencyAccount account = new ConcurrencyAccount(region);
        if (others > 0) {
            account.putReserved("ns/other", others);
        }
        ConcurrencyAccount.Change change = account.putReserved("ns/f", wanted);
        if (allowed) {
            assertThat(change).isInstanceOf(ConcurrencyAccount.Done.class);
            assertThat(account.reserved("ns/f")).hasValue(wanted);
        } else {
            assertThat(change).isInstanceOf(ConcurrencyAccount.Refused.class);
            assertThat(account.reserved("ns/f")).isEmpty();
            assertThat(account.reservedTotalMb()).isEqualTo(others);
        }
    }

    @Test
    void refusedReservations_nameScfsCode_andChangingOnesOwnReservationCountsOnlyTheOthers() {
        ConcurrencyAccount account = new ConcurrencyAccount(128_000);
        account.putReserved("ns/f", 100_000);
        assertThat(account.maxReservable("ns/f")).as("its own reservation does not count against it").isEqualTo(115_200);
        assertThat(account.putReserved("ns/f", 115_200)).isInstanceOf(ConcurrencyAccount.Done.class);
        assertThat(account.putReserved("ns/g", 1)).isInstanceOfSatisfying(ConcurrencyAccount.Refused.class,
                r -> assertThat(r.code()).isEqualTo("LimitExceeded.FunctionReservedConcurrencyMemory"));
        assertThat(account.sharedMb()).isEqualTo(12_800);
    }

    @Test
    void deletingAReservation_returnsTheFunctionToTheSharedPool_capByWhatIsFree() {
        ConcurrencyAccount account = new ConcurrencyAccount(20_000);
        account.putReserved("ns/big", 7_200);
        ConcurrencyAccount.Counter big = account.function("ns/big");
        assertThat(admitUntilRefused(big, 128)).isEqualTo(56);
        assertThat(account.sharedMb()).isEqualTo(12_800);
        assertThat(account.deleteReserved("ns/big")).isInstanceOf(ConcurrencyAccount.Done.class);
        assertThat(account.reserved("ns/big")).isEmpty();
        assertThat(account.sharedMb()).isEqualTo(20_000);
        // its 56 reserved admissions are still in flight (counted apart); the shared pool is all new room
        assertThat(admitUntilRefused(big, 128)).isEqualTo(156);
        assertThat(big.inUseMb()).isEqualTo((56 + 156) * 128);
    }

    @Test
    void admissionsGoBackToThePoolTheyCameFrom_whenTheReservationChangesInFlight() {
        ConcurrencyAccount account = new ConcurrencyAccount(128_000);
        ConcurrencyAccount.Counter f = account.function("ns/f");
        List<Admission> shared = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            shared.add(f.tryAcquire(128));
        }
        assertThat(shared).containsOnly(Admission.SHARED);
        assertThat(account.sharedInUseMb()).isEqualTo(640);
        account.putReserved("ns/f", 256);
        assertThat(f.tryAcquire(128)).isEqualTo(Admission.RESERVED);
        assertThat(f.tryAcquire(128)).isEqualTo(Admission.RESERVED);
        assertThat(f.tryAcquire(128)).as("the reservation counts only what it admitted").isEqualTo(Admission.REFUSED);
        shared.forEach(a -> f.release(128, a));
        assertThat(account.sharedInUseMb()).isZero();
        f.release(128, Admission.RESERVED);
        assertThat(f.tryAcquire(128)).isEqualTo(Admission.RESERVED);
        assertThat(f.inUseMb()).isEqualTo(256);
    }

    @Test
    void theRegionPool_changesAtRunTime_butNotBelowTheReservationsAndTheMargin() {
        ConcurrencyAccount account = new ConcurrencyAccount(128_000);
        account.putReserved("ns/f", 50_000);
        assertThat(account.putRegion(62_799)).isInstanceOfSatisfying(ConcurrencyAccount.Refused.class,
                r -> assertThat(r.code()).isEqualTo("LimitExceeded.TotalConcurrencyMemory"));
        assertThat(account.regionMb()).isEqualTo(128_000);
        assertThat(account.putRegion(62_800)).isInstanceOf(ConcurrencyAccount.Done.class);
        assertThat(admitUntilRefused(account.function("ns/g"), 128)).isEqualTo(100);
        assertThat(account.putRegion(64_000)).isInstanceOf(ConcurrencyAccount.Done.class);
        assertThat(admitUntilRefused(account.function("ns/g"), 128)).as("raised: room for more").isEqualTo(9);
    }

    @Test
    void loweringTheQuotaBelowWhatIsInFlight_refusesNewAdmissions_andRevokesNone() {
        ConcurrencyAccount account = new ConcurrencyAccount(128_000);
        account.putReserved("ns/f", 1280);
        ConcurrencyAccount.Counter f = account.function("ns/f");
        assertThat(admitUntilRefused(f, 128)).isEqualTo(10);
        account.putReserved("ns/f", 256);
        assertThat(f.inUseMb()).isEqualTo(1280);
        for (int i = 0; i < 8; i++) {
            f.release(128, Admission.RESERVED);
            assertThat(f.tryAcquire(128)).as("still over after %d releases", i + 1).isEqualTo(Admission.REFUSED);
        }
        f.release(128, Admission.RESERVED);
        assertThat(f.tryAcquire(128)).isEqualTo(Admission.RESERVED);
    }

    @Test
    void contendedAdmissions_neverExceedTheQuota_andAllComeBack() throws Exception {
        ConcurrencyAccount account = new ConcurrencyAccount(12_800);
        int threads = 4;
        AtomicLong maxSeen = new AtomicLong();
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> workers = new ArrayList<>();
        for (int t = 0; t < threads; t++) {
            ConcurrencyAccount.Counter c = account.function("ns/f" + (t % 2));
            workers.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    return;
                }
                for (int i = 0; i < 200_000; i++) {
                    Admission a = c.tryAcquire(128);
                    long used = account.sharedInUseMb();
                    maxSeen.accumulateAndGet(used, Math::max);
                    c.release(128, a);
                }
            }));
        }
        go.countDown();
        for (Thread w : workers) {
            w.join();
        }
        assertThat(maxSeen.get()).isLessThanOrEqualTo(12_800);
        assertThat(account.sharedInUseMb()).isZero();
        assertThat(account.function("ns/f0").inUseMb()).isZero();
    }
}
