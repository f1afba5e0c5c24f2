package dev.faas.scheduler.core.quota;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The region's concurrency accounting (spec part 1 §11.3, §11.4), in MB: an invocation in flight holds its
 * function's memory. No HTTP, no Spring, no clock: plain arithmetic the scheduler calls for every slot it grants.
 *
 * <h2>Rules</h2>
 * <ul>
 *   <li>The region pool is {@link #regionMb()} (128,000 by default; PutTotalConcurrencyConfig changes it).</li>
 *   <li>A function with a reservation (PutReservedConcurrencyConfig) is held to it, all its versions together, and
 *       draws from nothing else; the reserved MB are out of the shared pool whether used or not. A reservation of
 *       0 refuses every invocation. Deleting it returns the function to the shared pool.</li>
 *   <li>Every other function draws from the shared pool: the region pool less every reservation.</li>
 *   <li>{@link #UNRESERVABLE_MB} (12,800) of the region pool can never be reserved: a reservation is refused when
 *       {@code region − Σ other reservations − 12,800} is smaller than it. The region pool cannot shrink below the
 *       reservations plus that margin.</li>
 *   <li>Over the quota an admission is refused: 432 {@code ResourceLimitReached}. Nothing is queued here.</li>
 * </ul>
 *
 * <h2>Threading</h2>
 * {@link Counter#tryAcquire} and {@link Counter#release} are the hot path: one CAS loop on the function's counter
 * (reserved) or on the shared pool's (others), no lock, no allocation. An admission says which pool it drew from and
 * is released to that pool, so a reservation set or deleted while invocations are in flight never miscounts: those
 * stay counted where they were admitted until they end. Configuration changes take this object's lock; a change
 * that lowers a limit below what is in flight refuses new admissions until releases bring use under it, and never
 * revokes an admission already made.
 */
public final class ConcurrencyAccount {
    public static final long UNRESERVABLE_MB = 12_800;
    public static final long DEFAULT_REGION_MB = 128_000;

    private final Map<String, Counter> functions = new ConcurrentHashMap<>();
    private final AtomicLong sharedInUse = new AtomicLong();
    private volatile long regionMb;
    private volatile long reservedTotal;
    /** Counts configuration changes, so that holders of cached slots (gateways) can tell a change happened. */
    private volatile long generation;

    public ConcurrencyAccount(long regionMb) {
        if (regionMb < UNRESERVABLE_MB) {
            throw new IllegalArgumentException("the region pool must be at least " + UNRESERVABLE_MB + " MB, was " + regionMb);
        }
        this.regionMb = regionMb;
    }

    /** What a configuration change answers: done, or refused with the SCF code and why. */
    public sealed interface Change permits Done, Refused {
    }

    public record Done() implements Change {
    }

    /** @param code the SCF API error code (e.g. {@code LimitExceeded.FunctionReservedConcurrencyMemory}) */
    public record Refused(String code, String message) implements Change {
    }

    /** How many configuration changes (reservations, region pool) were made; grows by one a change. */
    public long generation() {
        return generation;
    }

    public long regionMb() {
        return regionMb;
    }

    public long reservedTotalMb() {
        return reservedTotal;
    }

    /** The shared pool: the region less every reservation. */
    public long sharedMb() {
        return regionMb - reservedTotal;
    }

    public long sharedInUseMb() {
        return sharedInUse.get();
    }

    /** The counter a function's admissions go through; the caller keeps it (one map lookup per function, not per call). */
    public Counter function(String functionKey) {
        return functions.computeIfAbsent(functionKey, k -> new Counter(this));
    }

    /** Most a function may reserve now: the region less the others' reservations and the unreservable margin. */
    public synchronized long maxReservable(String functionKey) {
        Counter c = functions.get(functionKey);
        long own = c == null || c.reservedMb < 0 ? 0 : c.reservedMb;
        return Math.max(0, regionMb - (reservedTotal - own) - UNRESERVABLE_MB);
    }

    public synchronized Change putReserved(String functionKey, long mb) {
        if (mb < 0) {
            return new Refused("InvalidParameterValue", "ReservedConcurrencyMem must be 0 or more.");
        }
        long max = maxReservable(functionKey);
        if (mb > max) {
            return new Refused("LimitExceeded.FunctionReservedConcurrencyMemory", "At most " + max + " MB can be reserved for this function: the region has "
                    + regionMb + " MB, " + (reservedTotal - Math.max(0, function(functionKey).reservedMb)) + " MB are reserved by others and "
                    + UNRESERVABLE_MB + " MB are never reserved.");
        }
        Counter c = function(functionKey);
        long before = Math.max(0, c.reservedMb);
        c.reservedMb = mb;
        reservedTotal += mb - before;
        generation++;
        return new Done();
    }

    public synchronized Change deleteReserved(String functionKey) {
        Counter c = functions.get(functionKey);
        if (c == null || c.reservedMb < 0) {
            return new Done();
        }
        reservedTotal -= c.reservedMb;
        c.reservedMb = -1;
        generation++;
        return new Done();
    }

    /** The function's reservation in MB, or empty when it draws from the shared pool. */
    public Optional<Long> reserved(String functionKey) {
        Counter c = functions.get(functionKey);
        return c == null || c.reservedMb < 0 ? Optional.empty() : Optional.of(c.reservedMb);
    }

    public synchronized Change putRegion(long mb) {
        long floor = reservedTotal + UNRESERVABLE_MB;
        if (mb < floor) {
            return new Refused("LimitExceeded.TotalConcurrencyMemory", "The region pool cannot be less than the reservations ("
                    + reservedTotal + " MB) plus the " + UNRESERVABLE_MB + " MB never reserved.");
        }
        regionMb = mb;
        generation++;
        return new Done();
    }

    /** Where an admission drew from, so that its release goes back there; {@code REFUSED} is 432. */
    public enum Admission {
        REFUSED, SHARED, RESERVED
    }

    /** One function's admissions. {@code reservedMb} is -1 while the function draws from the shared pool. */
    public static final class Counter {
        private final ConcurrencyAccount account;
        private final AtomicLong reservedInUse = new AtomicLong();
        private final AtomicLong sharedInUse = new AtomicLong();
        private volatile long reservedMb = -1;

        private Counter(ConcurrencyAccount account) {
            this.account = account;
        }

        /** Admits one invocation of {@code memoryMb} if the quota it draws from has room. */
        public Admission tryAcquire(int memoryMb) {
            long reserved = reservedMb;
            if (reserved >= 0) {
                while (true) {
                    long used = reservedInUse.get();
                    if (used + memoryMb > reserved) {
                        return Admission.REFUSED;
                    }
                    if (reservedInUse.compareAndSet(used, used + memoryMb)) {
                        return Admission.RESERVED;
                    }
                }
            }
            AtomicLong shared = account.sharedInUse;
            while (true) {
                long used = shared.get();
                if (used + memoryMb > account.regionMb - account.reservedTotal) {
                    return Admission.REFUSED;
                }
                if (shared.compareAndSet(used, used + memoryMb)) {
                    sharedInUse.addAndGet(memoryMb);
                    return Admission.SHARED;
                }
            }
        }

        /** Returns what {@link #tryAcquire} admitted to the pool it came from. */
        public void release(int memoryMb, Admission admission) {
            switch (admission) {
                case RESERVED -> reservedInUse.addAndGet(-memoryMb);
                case SHARED -> {
                    sharedInUse.addAndGet(-memoryMb);
                    account.sharedInUse.addAndGet(-memoryMb);
                }
                case REFUSED -> {
                }
            }
        }

        /** MB this function has in flight, from either pool. */
        public long inUseMb() {
            return reservedInUse.get() + sharedInUse.get();
        }
    }
}
