package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.junit.jupiter.api.Test;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import reactor.core.publisher.Flux;
import reactor.netty.ByteBufFlux;

/** When the direct data path gives the slot back while it writes the instance's response to the client. */
class DirectProxyBodyTest {
    private final List<String> events = new CopyOnWriteArrayList<>();
    private final AtomicBoolean released = new AtomicBoolean();
    /** Idempotent, as the gateway's is. */
    private final Runnable release = () -> {
        if (released.compareAndSet(false, true)) {
            events.add("release");
        }
    };

    private static Flux<ByteBuf> body(String... parts) {
        return Flux.fromArray(parts).map(p -> Unpooled.copiedBuffer(p, StandardCharsets.UTF_8));
    }

    /** Writes {@code body} as the client's connection would: each buffer, then the end. */
    private void write(Flux<ByteBuf> body) {
        body.doOnNext(b -> {
            events.add("write " + b.toString(StandardCharsets.UTF_8));
            b.release();
        }).doOnComplete(() -> events.add("end")).blockLast();
    }

    @Test
    void withAContentLength_theReleaseRunsBeforeTheLastBufferIsWritten() {
        write(DirectProxy.body(body("hello", "world"), 10, false, release));
        assertThat(events).containsExactly("write hello", "release", "write world", "end");
    }

    @Test
    void withoutAContentLength_theReleaseRunsBeforeTheBodyEnds() {
        write(DirectProxy.body(body("chunk1", "chunk2"), -1, false, release));
        assertThat(events).containsExactly("write chunk1", "write chunk2", "release", "end");
    }

    @Test
    void anEmptyBody_stillReleasesOnce() {
        write(DirectProxy.body(Flux.empty(), 0, false, release));
        release.run();
        assertThat(events).containsExactly("release", "end");
    }

    @Test
    void aChunkedBodyOver6Mb_isCutThere_butAnEventStreamIsNot() {
        byte[] mb = new byte[1024 * 1024];
        Flux<ByteBuf> sevenMb = Flux.range(0, 7).map(i -> Unpooled.wrappedBuffer(mb));
        long[] passed = {0};
        assertThatThrownBy(() -> DirectProxy.body(sevenMb, -1, false, release).doOnNext(b -> passed[0] += b.readableBytes()).blockLast())
                .hasMessageContaining("response body over");
        assertThat(passed[0]).isEqualTo(PayloadLimits.MAX_RESPONSE_BYTES);
        long[] streamed = {0};
        DirectProxy.body(Flux.range(0, 7).map(i -> Unpooled.wrappedBuffer(mb)), -1, true, release).doOnNext(b -> streamed[0] += b.readableBytes()).blockLast();
        assertThat(streamed[0]).isEqualTo(7L * mb.length);
    }

    @Test
    void aSmallBodyOfKnownLength_isWrittenWhole_afterTheRelease() {
        String whole = DirectProxy.whole(ByteBufFlux.fromInbound(body("hello", ", ", "world")), release)
                .doOnNext(b -> events.add("write"))
                .map(b -> {
                    String text = b.toString(StandardCharsets.UTF_8);
                    b.release();
                    return text;
                })
                .block();
        assertThat(whole).isEqualTo("hello, world");
        assertThat(events).containsExactly("release", "write");
    }

    @Test
    void anEmptyBodyOfKnownLength_releasesBeforeTheEnd() {
        DirectProxy.whole(ByteBufFlux.fromInbound(Flux.<ByteBuf>empty()), release)
                .doOnSuccess(b -> events.add("end " + (b == null ? "empty" : "body"))).block();
        assertThat(events).containsExactly("release", "end empty");
    }
}
