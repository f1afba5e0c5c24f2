package dev.faas.gateway.invoke;

import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gives the slot back before the client can have the whole response: before the byte that ends the body is written
 * (the last buffer of a body with a Content-Length; the terminating chunk otherwise). A client that calls again the
 * moment it has its answer therefore finds the slot free, so sequential calls reuse one instance. Giving back is a
 * local step (ADR 0004), run inline; the caller makes it idempotent, as the exchange's end runs it too.
 */
final class ReleasingResponse extends ServerHttpResponseDecorator {
    private final Runnable release;

    ReleasingResponse(ServerHttpResponse delegate, Runnable release) {
        super(delegate);
        this.release = release;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        long length = getHeaders().getContentLength();
        if (length >= 0) {
            AtomicLong written = new AtomicLong();
            return super.writeWith(Flux.from(body)
                    .doOnNext(b -> {
                        if (written.addAndGet(b.readableByteCount()) >= length) {
                            release.run();
                        }
                    })
                    .doOnComplete(release)
                    .doOnDiscard(DataBuffer.class, DataBufferUtils::release));
        }
        return super.writeWith(Flux.<DataBuffer>from(body).concatWith(Mono.fromRunnable(release))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return super.writeAndFlushWith(Flux.<Publisher<? extends DataBuffer>>from(body).concatWith(Mono.fromRunnable(release)));
    }
}
