package dev.faas.gateway.api3;

import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

import reactor.core.publisher.Mono;

/**
 * Answers an identical re-sent API 3.0 request with the first answer instead of running it twice. The SDK's HTTP
 * client may send a request again after a broken connection (scf-api3-wire.md §6), and a signature is unique to one
 * request and one second, so the {@code Authorization} value names the request. Entries live as long as the
 * signature does (the five-minute window), so a replay outside it is refused by the verifier instead.
 *
 * <p>Only actions that create apply: TC3 has no nonce, so two honest, identical reads in the same second carry the
 * same signature and must both run (a poll of GetFunction, say).
 */
final class ReplayCache {
    private final Duration ttl;
    private final Clock clock;
    private final Map<String, Entry> entries = new ConcurrentHashMap<>();

    private record Entry(Mono<byte[]> answer, long expiresAtMillis) {
    }

    static boolean appliesTo(String action) {
        return action.startsWith("Create") || action.startsWith("Publish") || action.startsWith("Copy");
    }

    ReplayCache(Duration ttl, Clock clock) {
        this.ttl = ttl;
        this.clock = clock;
    }

    /** The answer to the request named {@code key}: computed once, shared by a concurrent or later duplicate. */
    Mono<byte[]> answer(String key, Supplier<Mono<byte[]>> compute) {
        long now = clock.millis();
        purge(now);
        Entry entry = entries.compute(key, (k, old) -> old != null && old.expiresAtMillis() > now ? old
                : new Entry(Mono.defer(compute).cache(), now + ttl.toMillis()));
        return entry.answer();
    }

    int size() {
        return entries.size();
    }

    private void purge(long now) {
        for (Iterator<Entry> it = entries.values().iterator(); it.hasNext(); ) {
            if (it.next().expiresAtMillis() <= now) {
                it.remove();
            }
        }
    }
}
