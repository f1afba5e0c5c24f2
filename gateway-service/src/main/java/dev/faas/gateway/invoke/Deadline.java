package dev.faas.gateway.invoke;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicIntegerFieldUpdater;

import org.reactivestreams.Subscription;

import io.netty.util.HashedWheelTimer;
import io.netty.util.Timeout;
import io.netty.util.TimerTask;
import reactor.core.CoreSubscriber;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Operators;
import reactor.util.context.Context;

/**
 * The execution timeout of an invocation: {@code source} fails with a {@link TimeoutException} (and is cancelled) if
 * it has not ended within the deadline. What {@code Mono.timeout} does, at a fraction of its cost on the warm path:
 * a deadline is an entry in one hashed timer wheel (an O(1) add and cancel, no task in a shared scheduled executor)
 * and nothing describes the operator chain at each subscription. The wheel ticks every {@value #TICK_MILLIS} ms, so a
 * deadline fires up to that late: function timeouts are whole seconds (1–900 s), and a finer tick only wakes a thread
 * more often (100 times a second at 10 ms, busy or idle).
 */
final class Deadline implements AutoCloseable {
    static final int TICK_MILLIS = 50;
    private final HashedWheelTimer wheel;

    Deadline() {
        this.wheel = new HashedWheelTimer(Thread.ofPlatform().daemon().name("invocation-deadline").factory(), TICK_MILLIS, TimeUnit.MILLISECONDS, 1024);
    }

    /** {@code source}, bounded by {@code limit} from its subscription. */
    Mono<Void> bound(Mono<Void> source, Duration limit) {
        return new Bounded(source, limit.toMillis(), wheel);
    }

    /**
     * {@code task} run on the wheel's thread once {@code millis} have passed, unless the returned entry is cancelled
     * first (the warm path's deadlines, which hop to their connection's event loop themselves).
     */
    Timeout after(long millis, Runnable task) {
        return wheel.newTimeout(t -> task.run(), millis, TimeUnit.MILLISECONDS);
    }

    /** Deadlines not yet reached nor cancelled (for tests). */
    long pending() {
        return wheel.pendingTimeouts();
    }

    @Override
    public void close() {
        wheel.stop();
    }

    private static final class Bounded extends Mono<Void> {
        private final Mono<Void> source;
        private final long millis;
        private final HashedWheelTimer wheel;

        Bounded(Mono<Void> source, long millis, HashedWheelTimer wheel) {
            this.source = source;
            this.millis = millis;
            this.wheel = wheel;
        }

        @Override
        public void subscribe(CoreSubscriber<? super Void> actual) {
            source.subscribe(new BoundedSubscriber(actual, millis, wheel));
        }
    }

    private static final class BoundedSubscriber implements CoreSubscriber<Void>, Subscription, TimerTask {
        private static final AtomicIntegerFieldUpdater<BoundedSubscriber> DONE = AtomicIntegerFieldUpdater.newUpdater(BoundedSubscriber.class, "done");
        private final CoreSubscriber<? super Void> actual;
        private final long millis;
        private final HashedWheelTimer wheel;
        private Subscription upstream;
        private volatile Timeout timeout;
        private volatile int done;

        BoundedSubscriber(CoreSubscriber<? super Void> actual, long millis, HashedWheelTimer wheel) {
            this.actual = actual;
            this.millis = millis;
            this.wheel = wheel;
        }

        @Override
        public void onSubscribe(Subscription s) {
            if (!Operators.validate(upstream, s)) {
                return;
            }
            upstream = s;
            actual.onSubscribe(this);
            // armed after the downstream has its subscription, so a deadline never signals before onSubscribe
            Timeout t = wheel.newTimeout(this, millis, TimeUnit.MILLISECONDS);
            timeout = t;
            if (done != 0) {
                t.cancel(); // ended (or cancelled) while the downstream subscribed
            }
        }

        @Override
        public void onNext(Void value) {
            actual.onNext(value);
        }

        @Override
        public void onError(Throwable error) {
            if (DONE.compareAndSet(this, 0, 1)) {
                disarm();
                actual.onError(error);
            } else {
                Operators.onErrorDropped(error, actual.currentContext());
            }
        }

        @Override
        public void onComplete() {
            if (DONE.compareAndSet(this, 0, 1)) {
                disarm();
                actual.onComplete();
            }
        }

        /** The deadline passed first. */
        @Override
        public void run(Timeout t) {
            if (DONE.compareAndSet(this, 0, 1)) {
                upstream.cancel();
                actual.onError(new TimeoutException("no end within " + millis + " ms"));
            }
        }

        @Override
        public void request(long n) {
            upstream.request(n);
        }

        @Override
        public void cancel() {
            if (DONE.compareAndSet(this, 0, 1)) {
                disarm();
            }
            upstream.cancel();
        }

        @Override
        public Context currentContext() {
            return actual.currentContext();
        }

        private void disarm() {
            Timeout t = timeout;
            if (t != null) {
                t.cancel();
            }
        }
    }
}
