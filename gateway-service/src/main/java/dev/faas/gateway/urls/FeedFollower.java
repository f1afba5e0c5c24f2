package dev.faas.gateway.urls;

import java.time.Duration;
import java.util.function.Consumer;
import java.util.function.Supplier;

import org.slf4j.Logger;

import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.util.retry.Retry;

/** Follows a long-poll change feed for as long as the gateway runs: next page, apply, repeat; back off while the owner is away. */
final class FeedFollower {
    private FeedFollower() {
    }

    static <P> Disposable follow(Supplier<Mono<P>> nextPage, Consumer<P> apply, Logger log, String feed) {
        return Mono.defer(nextPage)
                .doOnNext(apply)
                .repeat()
                .retryWhen(Retry.backoff(Long.MAX_VALUE, Duration.ofMillis(200)).maxBackoff(Duration.ofSeconds(5))
                        .doBeforeRetry(s -> log.debug("{}: {}", feed, s.failure().toString())))
                .subscribe();
    }
}
