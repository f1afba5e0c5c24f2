package dev.faas.bench;

import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import dev.faas.scheduler.core.quota.ConcurrencyAccount;

/**
 * Acquire + release pairs a second in the accounting core (issue #4: goal at least 2 million a second on one
 * thread): a function of the shared pool, a function with a reservation, and both contended by two threads on one
 * counter (the machine has two cores).
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class AccountingBenchmark {

    @State(Scope.Benchmark)
    public static class Account {
        ConcurrencyAccount account;
        ConcurrencyAccount.Counter shared;
        ConcurrencyAccount.Counter reserved;

        @Setup
        public void setUp() {
            account = new ConcurrencyAccount(ConcurrencyAccount.DEFAULT_REGION_MB);
            account.putReserved("default/reserved", 19_200);
            shared = account.function("default/shared");
            reserved = account.function("default/reserved");
        }
    }

    @Benchmark
    public ConcurrencyAccount.Admission sharedPool(Account a) {
        return pair(a.shared);
    }

    @Benchmark
    public ConcurrencyAccount.Admission reservedQuota(Account a) {
        return pair(a.reserved);
    }

    @Benchmark
    @Group("contendedShared")
    @GroupThreads(2)
    public ConcurrencyAccount.Admission contendedShared(Account a) {
        return pair(a.shared);
    }

    @Benchmark
    @Group("contendedReserved")
    @GroupThreads(2)
    public ConcurrencyAccount.Admission contendedReserved(Account a) {
        return pair(a.reserved);
    }

    /** One admission of a 128 MB function and its release: the operation every benchmark here measures. */
    private static ConcurrencyAccount.Admission pair(ConcurrencyAccount.Counter counter) {
        ConcurrencyAccount.Admission admission = counter.tryAcquire(128);
        counter.release(128, admission);
        return admission;
    }
}
