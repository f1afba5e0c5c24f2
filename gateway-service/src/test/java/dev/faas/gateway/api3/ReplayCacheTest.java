package dev.faas.gateway.api3;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;

import dev.faas.testsupport.MutableClock;
import reactor.core.publisher.Mono;

class ReplayCacheTest {
    private final MutableClock clock = MutableClock.at("2026-12-03T10:00:00Z");
    private final ReplayCache cache = new ReplayCache(Duration.ofSeconds(310), clock);
    private final AtomicInteger runs = new AtomicInteger();

    private Mono<byte[]> work() {
        return Mono.fromSupplier(() -> new byte[] {(byte) runs.incrementAndGet()});
    }

    @Test
    void theSameSignedRequest_runsOnce_andEveryCopyGetsTheFirstAnswer() {
        byte[] first = cache.answer("sig-1", this::work).block();
        byte[] again = cache.answer("sig-1", this::work).block();
        assertThat(again).isEqualTo(first);
        assertThat(runs).hasValue(1);
        cache.answer("sig-2", this::work).block();
        assertThat(runs).hasValue(2);
    }

    @Test
    void entriesEndWithTheSignaturesWindow() {
        cache.answer("sig-1", this::work).block();
        clock.advance(Duration.ofSeconds(311));
        cache.answer("sig-1", this::work).block();
        assertThat(runs).hasValue(2);
        assertThat(cache.size()).isEqualTo(1);
    }

    @Test
    void onlyActionsThatCreate_areDeduplicated() {
        assertThat(ReplayCache.appliesTo("CreateFunction")).isTrue();
        assertThat(ReplayCache.appliesTo("PublishVersion")).isTrue();
        assertThat(ReplayCache.appliesTo("CopyFunction")).isTrue();
        assertThat(ReplayCache.appliesTo("GetFunction")).isFalse();
        assertThat(ReplayCache.appliesTo("ListFunctions")).isFalse();
        assertThat(ReplayCache.appliesTo("Invoke")).isFalse();
    }
}
