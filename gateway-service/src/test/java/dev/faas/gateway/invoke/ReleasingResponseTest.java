package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.mock.http.server.reactive.MockServerHttpResponse;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

class ReleasingResponseTest {
    private final List<String> events = new CopyOnWriteArrayList<>();

    /** A response that records each buffer as it is written, and the end of the write. */
    private final MockServerHttpResponse wire = new MockServerHttpResponse() {
        @Override
        protected Mono<Void> writeWithInternal(Publisher<? extends DataBuffer> body) {
            return Flux.from(body).doOnNext(b -> events.add("write " + b.toString(StandardCharsets.UTF_8))).then()
                    .doOnSuccess(v -> events.add("end"));
        }
    };

    private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();
    /** Idempotent, as the gateway's is. */
    private final Runnable release = () -> {
        if (released.compareAndSet(false, true)) {
            events.add("release");
        }
    };

    private static Flux<DataBuffer> body(String... parts) {
        return Flux.fromArray(parts).map(p -> DefaultDataBufferFactory.sharedInstance.wrap(p.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void withAContentLength_theReleaseRunsBeforeTheLastBufferIsWritten() {
        wire.getHeaders().setContentLength(10);
        new ReleasingResponse(wire, release).writeWith(body("hello", "world")).block();
        assertThat(events).containsExactly("write hello", "release", "write world", "end");
    }

    @Test
    void withoutAContentLength_theReleaseRunsBeforeTheBodyEnds() {
        new ReleasingResponse(wire, release).writeWith(body("chunk1", "chunk2")).block();
        assertThat(events).containsExactly("write chunk1", "write chunk2", "release", "end");
    }

    @Test
    void anEmptyBody_stillReleasesOnce() {
        wire.getHeaders().setContentLength(0);
        new ReleasingResponse(wire, release).writeWith(Flux.empty()).block();
        release.run();
        assertThat(events).containsExactly("release", "end");
    }
}
