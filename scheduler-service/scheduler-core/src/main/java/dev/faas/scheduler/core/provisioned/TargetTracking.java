package dev.faas.scheduler.core.provisioned;

import java.time.Duration;
import java.time.Instant;

/**
 * Target tracking of provisioned concurrency ({@code ConcurrencyUtilizationTracking}, spec part 1 §11.7): the wanted
 * number of provisioned instances is {@code ceil(concurrency ÷ target utilisation)}, clamped to [min, max]. The caller
 * evaluates every 10 s; a higher target applies at once (scale out), a lower one only once 10 minutes have passed
 * since the last change (scale-in cooldown). Plain Java, time passed in.
 *
 * @param targetUtilization the share of the provisioned instances that should be busy, in (0, 1]
 */
public record TargetTracking(int min, int max, double targetUtilization) {
    public static final Duration EVALUATION_INTERVAL = Duration.ofSeconds(10);
    public static final Duration SCALE_IN_COOLDOWN = Duration.ofMinutes(10);

    public TargetTracking {
        if (min < 0 || max < min) {
            throw new IllegalArgumentException("need 0 <= min <= max, got min " + min + " and max " + max);
        }
        if (!(targetUtilization > 0 && targetUtilization <= 1)) {
            throw new IllegalArgumentException("the target utilisation is in (0, 1], got " + targetUtilization);
        }
    }

    /** The target for this much concurrency (requests in flight on the version). */
    public int desired(double concurrency) {
        long wanted = (long) Math.ceil(Math.max(0, concurrency) / targetUtilization - 1e-9);
        return (int) Math.max(min, Math.min(max, wanted));
    }

    /** What the target becomes: a rise now, a fall only after the cooldown since {@code lastChange}. */
    public int next(int current, double concurrency, Instant lastChange, Instant now) {
        int wanted = desired(concurrency);
        if (wanted > current) {
            return wanted;
        }
        if (wanted < current && !now.isBefore(lastChange.plus(SCALE_IN_COOLDOWN))) {
            return wanted;
        }
        return current < min ? min : Math.min(current, max);
    }
}
