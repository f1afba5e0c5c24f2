package dev.faas.gateway.invoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Keeps "release, then acquire" in order for one function: a client that gets its response and at once calls again
 * must find the instance it just used free, but the release travels to the scheduler after the response. So an
 * acquire waits until the releases of the same function that had <em>started</em> when it arrived have been
 * answered — not later ones, so under steady load the wait is one release round trip at most — and never longer
 * than {@code bound} (a scheduler that does not answer is the lease TTL's business).
 *
 * <p>Issue #4 replaces the per-request release with slots granted to the gateway in batches; this is the bridge
 * until then.
 */
final class ReleaseBarrier {
    private final Duration bound;
    private final Map<String, Pending> pending = new HashMap<>();

    /** Releases of one function: sequence numbers in flight, and acquires waiting for those up to a number. */
    private static final class Pending {
        long started;
        final TreeSet<Long> inFlight = new TreeSet<>();
        final List<Waiter> waiters = new ArrayList<>();
    }

    private record Waiter(long upTo, MonoSink<Void> sink) {
    }

    ReleaseBarrier(Duration bound) {
        this.bound = bound;
    }

    /** Completes when every release of {@code key} begun before this call has ended, or after the bound. */
    Mono<Void> clear(String key) {
        return Mono.<Void>create(sink -> {
            synchronized (pending) {
                Pending p = pending.get(key);
                if (p == null || p.inFlight.isEmpty()) {
                    sink.success();
                    return;
                }
                p.waiters.add(new Waiter(p.started, sink));
            }
        }).timeout(bound, Mono.empty());
    }

    /** Runs {@code release}, counting it as in flight for {@code key} until it ends either way. */
    Mono<Void> track(String key, Mono<Void> release) {
        return Mono.defer(() -> {
            long seq;
            synchronized (pending) {
                Pending p = pending.computeIfAbsent(key, k -> new Pending());
                seq = ++p.started;
                p.inFlight.add(seq);
            }
            return release.doFinally(signal -> done(key, seq));
        });
    }

    private void done(String key, long seq) {
        List<MonoSink<Void>> wake = new ArrayList<>();
        synchronized (pending) {
            Pending p = pending.get(key);
            if (p == null) {
                return;
            }
            p.inFlight.remove(seq);
            long oldestInFlight = p.inFlight.isEmpty() ? Long.MAX_VALUE : p.inFlight.first();
            for (Iterator<Waiter> it = p.waiters.iterator(); it.hasNext(); ) {
                Waiter w = it.next();
                if (w.upTo < oldestInFlight) {
                    wake.add(w.sink);
                    it.remove();
                }
            }
            if (p.inFlight.isEmpty() && p.waiters.isEmpty()) {
                pending.remove(key);
            }
        }
        wake.forEach(MonoSink::success);
    }
}
