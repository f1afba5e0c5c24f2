package dev.faas.testsupport;

import java.time.Duration;
import java.util.function.BooleanSupplier;

/**
 * A bounded wait for a condition that real time makes true (log shipping, feed propagation, idle reclaim), for
 * tests that cannot drive a clock. Fails with {@code what} when the limit passes.
 */
public final class Eventually {
    private Eventually() {
    }

    public static void await(String what, Duration limit, BooleanSupplier condition) {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("timed out after " + limit.toSeconds() + " s waiting for " + what);
            }
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted waiting for " + what, e);
            }
        }
    }

    public static void await(String what, BooleanSupplier condition) {
        await(what, Duration.ofSeconds(20), condition);
    }
}
