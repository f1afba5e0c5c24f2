package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** The invocation deadline on its timer wheel: fails and cancels what outlives it, leaves the rest alone. */
class DeadlineTest {
    private final Deadline deadline = new Deadline();

    @AfterEach
    void stop() {
        deadline.close();
    }

    @Test
    void aSourceThatOutlivesItsDeadline_failsWithATimeout_andIsCancelled() {
        AtomicBoolean cancelled = new AtomicBoolean();
        CompletableFuture<Void> result = deadline.bound(Mono.<Void>never().doOnCancel(() -> cancelled.set(true)), Duration.ofMillis(50)).toFuture();
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .hasCauseInstanceOf(TimeoutException.class);
        assertThat(cancelled).as("the invocation is stopped, not left running").isTrue();
        assertThat(deadline.pending()).as("a deadline that fired is gone").isZero();
    }

    @Test
    void aSourceThatEndsInTime_completes_andItsDeadlineIsDisarmed() throws Exception {
        Sinks.Empty<Void> end = Sinks.empty();
        CompletableFuture<Void> result = deadline.bound(end.asMono(), Duration.ofSeconds(30)).toFuture();
        assertThat(deadline.pending()).as("armed while it runs").isEqualTo(1);
        end.tryEmitEmpty();
        assertThat(result.get(5, TimeUnit.SECONDS)).isNull();
        disarmed();
    }

    @Test
    void anErrorBeforeTheDeadline_passesThroughAsItIs() {
        CompletableFuture<Void> result = deadline.bound(Mono.error(new IllegalStateException("instance gone")), Duration.ofSeconds(30)).toFuture();
        assertThatThrownBy(() -> result.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(IllegalStateException.class).hasMessageContaining("instance gone");
        disarmed();
    }

    @Test
    void aCancelledInvocation_cancelsTheSource_andDisarmsItsDeadline() {
        AtomicBoolean cancelled = new AtomicBoolean();
        Disposable subscription = deadline.bound(Mono.<Void>never().doOnCancel(() -> cancelled.set(true)), Duration.ofSeconds(30)).subscribe();
        assertThat(deadline.pending()).isEqualTo(1);
        subscription.dispose();
        assertThat(cancelled).isTrue();
        disarmed();
    }

    /** The wheel drops a cancelled deadline at its next tick (10 ms), long before the 30 s it was set for. */
    private void disarmed() {
        dev.faas.testsupport.Eventually.await("the deadline cancelled", Duration.ofSeconds(5), () -> deadline.pending() == 0);
    }
}
