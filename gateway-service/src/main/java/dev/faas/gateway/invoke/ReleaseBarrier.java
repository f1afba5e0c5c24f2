package dev.faas.gateway.invoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;

/**
 * Keeps "release, then acquire" in order for one function: a client that gets its response and at once calls again
 * must find the instance it just used free, but the release travels to the scheduler after the response. So an
 * acquire waits until the releases in flight for the same function have been answered, for at most {@code bound}
 * (under steady load there is always one in flight; then the acquire goes ahead and may start an instance).
 *
 * <p>Issue #4 replaces the per-request release with slots granted to the gateway in batches; this is the bridge
 * until then.
 */
final class ReleaseBarrier {
    private final Duration bound;
    private final Map<String, Pending> pending = new HashMap<>();

    private static final class Pending {
        int inFlight;
        final List<MonoSink<Void>> waiters = new ArrayList<>();
    }

    ReleaseBarrier(Duration bound) {
        this.bound = bound;
    }

    /** Completes when no release of {@code key} is in flight, or after the bound. */
    Mono<Void> clear(String key) {
        return Mono.<Void>create(sink -> {
            synchronized (pending) {
                Pending p = pending.get(key);
                if (p == null) {
                    sink.success();
                    return;
                }
                p.waiters.add(sink);
            }
        }).timeout(bound, Mono.empty());
    }

    /** Runs {@code release}, counting it as in flight for {@code key} until it ends either way. */
    Mono<Void> track(String key, Mono<Void> release) {
        return Mono.defer(() -> {
            synchronized (pending) {
                pending.computeIfAbsent(key, k -> new Pending()).inFlight++;
            }
            return release.doFinally(signal -> done(key));
        });
    }

    private void done(String key) {
        List<MonoSink<Void>> wake = List.of();
        synchronized (pending) {
            Pending p = pending.get(key);
            if (p != null && --p.inFlight == 0) {
                pending.remove(key);
                wake = p.waiters;
            }
        }
        wake.forEach(MonoSink::success);
    }
}
