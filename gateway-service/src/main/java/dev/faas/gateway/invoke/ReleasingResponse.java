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
 * Releases the lease before the client can have the whole response: the release completes before the byte that
 * ends the body is written (the last buffer of a body with a Content-Length; the terminating chunk otherwise).
 * A client that calls again the moment it has its answer therefore finds the instance free, so sequential calls
 * reuse one instance. The cost is one scheduler round trip in each response's latency (ADR 0002, until issue #4
 * grants slots in batches).
 */
final class ReleasingResponse extends ServerHttpResponseDecorator {
    private final Mono<Void> release;

    ReleasingResponse(ServerHttpResponse delegate, Mono<Void> release) {
        super(delegate);
        this.release = release;
    }

    @Override
    public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
        long length = getHeaders().getContentLength();
        Flux<DataBuffer> buffers = Flux.from(body);
        if (length >= 0) {
            AtomicLong written = new AtomicLong();
            buffers = buffers.concatMap(b -> written.addAndGet(b.readableByteCount()) >= length ? release.thenReturn(b) : Mono.just(b));
        }
        return super.writeWith(buffers.concatWith(release.then(Mono.empty()))
                .doOnDiscard(DataBuffer.class, DataBufferUtils::release));
    }

    @Override
    public Mono<Void> writeAndFlushWith(Publisher<? extends Publisher<? extends DataBuffer>> body) {
        return super.writeAndFlushWith(Flux.from(body).concatWith(release.then(Mono.empty())));
    }
}
