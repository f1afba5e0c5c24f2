package dev.faas.scheduler.core.quota;

/**
 * A token bucket for instance starts (spec part 1 §11.2): {@code perMinute} tokens at most, refilled continuously at
 * {@code perMinute} a minute. Elastic and provisioned starts each have their own (500 and 100 a minute by default).
 * Time is passed in as milliseconds, never read.
 *
 * <p>Threading: one lock; starts are rare next to invocations.
 */
public final class RateBudget {
    private final double perMilli;
    private final double capacity;
    private double tokens;
    private long lastMillis;

    public RateBudget(int perMinute, long nowMillis) {
        if (perMinute < 1) {
            throw new IllegalArgumentException("perMinute must be at least 1, was " + perMinute);
        }
        this.capacity = perMinute;
        this.perMilli = perMinute / 60_000.0;
        this.tokens = perMinute;
        this.lastMillis = nowMillis;
    }

    /** Takes one start if the budget has one now. */
    public synchronized boolean tryTake(long nowMillis) {
        refill(nowMillis);
        if (tokens >= 1) {
            tokens -= 1;
            return true;
        }
        return false;
    }

    /** Starts available now (whole ones). */
    public synchronized int available(long nowMillis) {
        refill(nowMillis);
        return (int) Math.floor(tokens);
    }

    private void refill(long nowMillis) {
        if (nowMillis > lastMillis) {
            tokens = Math.min(capacity, tokens + (nowMillis - lastMillis) * perMilli);
            lastMillis = nowMillis;
        }
    }
}
