package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

class ReleaseBarrierTest {

    @Test
    void withNothingInFlight_anAcquireGoesAheadAtOnce() {
        ReleaseBarrier barrier = new ReleaseBarrier(Duration.ofHours(1));
        AtomicBoolean done = new AtomicBoolean();
        barrier.clear("default/fn").doOnSuccess(v -> done.set(true)).subscribe();
        assertThat(done).isTrue();
    }

    @Test
    void anAcquireWaitsForTheReleaseInFlight_ofTheSameFunctionOnly() {
        ReleaseBarrier barrier = new ReleaseBarrier(Duration.ofHours(1));
        Sinks.Empty<Void> release = Sinks.empty();
        barrier.track("default/fn", release.asMono()).subscribe();

        AtomicBoolean sameFunction = new AtomicBoolean();
        AtomicBoolean otherFunction = new AtomicBoolean();
        barrier.clear("default/fn").doOnSuccess(v -> sameFunction.set(true)).subscribe();
        barrier.clear("default/other").doOnSuccess(v -> otherFunction.set(true)).subscribe();
        assertThat(sameFunction).isFalse();
        assertThat(otherFunction).isTrue();

        release.tryEmitEmpty();
        assertThat(sameFunction).isTrue();
    }

    @Test
    void aFailedRelease_alsoLetsWaitersGo() {
        ReleaseBarrier barrier = new ReleaseBarrier(Duration.ofHours(1));
        Sinks.Empty<Void> release = Sinks.empty();
        barrier.track("default/fn", release.asMono()).subscribe(v -> { }, e -> { });
        AtomicBoolean done = new AtomicBoolean();
        barrier.clear("default/fn").doOnSuccess(v -> done.set(true)).subscribe();
        release.tryEmitError(new IllegalStateException("scheduler away"));
        assertThat(done).isTrue();
    }

    @Test
    void theWaitIsBounded_whenAReleaseNeverAnswers() {
        ReleaseBarrier barrier = new ReleaseBarrier(Duration.ofMillis(20));
        barrier.track("default/fn", Mono.never()).subscribe();
        assertThat(barrier.clear("default/fn").then(Mono.just(true)).block(Duration.ofSeconds(5))).isTrue();
    }

    @Test
    void anAcquireDoesNotWaitForReleasesThatBeganAfterIt() {
        ReleaseBarrier barrier = new ReleaseBarrier(Duration.ofHours(1));
        Sinks.Empty<Void> first = Sinks.empty();
        Sinks.Empty<Void> later = Sinks.empty();
        barrier.track("default/fn", first.asMono()).subscribe();
        AtomicBoolean done = new AtomicBoolean();
        barrier.clear("default/fn").doOnSuccess(v -> done.set(true)).subscribe();
        barrier.track("default/fn", later.asMono()).subscribe();

        first.tryEmitEmpty();
        assertThat(done).as("released once the release it arrived after ended, though a later one is in flight").isTrue();
    }
}
