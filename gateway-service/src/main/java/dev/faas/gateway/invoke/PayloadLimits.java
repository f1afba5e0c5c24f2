package dev.faas.gateway.invoke;

import java.util.concurrent.atomic.AtomicLong;

import org.reactivestreams.Publisher;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.http.server.reactive.ServerHttpResponseDecorator;

import dev.faas.contracts.error.FunctionStatus;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The 6 MB limits of a synchronous invocation (spec part 1 §2.5, §4.2). A request with a larger {@code Content-Length}
 * is answered 406 before any lease (by {@link FunctionUrlFilter}); a chunked one is read first, at most 6 MB, and
 * sent on with its length, or refused with 406 before anything reaches the function. A response with a larger
 * {@code Content-Length} is replaced, unread, by 407 with SCF's body; a chunked one is cut at 6 MB, except an event
 * stream, which is bounded by the execution timeout instead (an SSE connection is one long invocation).
 */
final class PayloadLimits {
    static final long MAX_REQUEST_BYTES = 6L * 1024 * 1024;
    static final long MAX_RESPONSE_BYTES = 6L * 1024 * 1024;

    private PayloadLimits() {
    }

    /** Raised when a chunked request body passes the limit while it is read. */
    static final class RequestTooLarge extends RuntimeException {
        RequestTooLarge() {
            super("request body over " + MAX_REQUEST_BYTES + " bytes", null, false, false);
        }
    }

    static boolean isChunked(ServerHttpRequest request) {
        String encoding = request.getHeaders().getFirst("Transfer-Encoding");
        return encoding != null && encoding.toLowerCase(java.util.Locale.ROOT).contains("chunked");
    }

    /** The request with its chunked body read into memory (at most the limit) and a Content-Length in place of the chunking. */
    static Mono<ServerHttpRequest> buffered(ServerHttpRequest request) {
        return DataBufferUtils.join(request.getBody(), (int) MAX_REQUEST_BYTES)
                .onErrorMap(org.springframework.core.io.buffer.DataBufferLimitException.class, e -> new RequestTooLarge())
                .map(joined -> {
                    byte[] bytes = new byte[joined.readableByteCount()];
                    joined.read(bytes);
                    DataBufferUtils.release(joined);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .map(bytes -> (ServerHttpRequest) new ServerHttpRequestDecorator(request) {
                    private final org.springframework.http.HttpHeaders headers = headersWithLength(request, bytes.length);

                    @Override
                    public org.springframework.http.HttpHeaders getHeaders() {
                        return headers;
                    }

                    @Override
                    public Flux<DataBuffer> getBody() {
                        return Flux.defer(() -> Flux.just(org.springframework.core.io.buffer.DefaultDataBufferFactory.sharedInstance.wrap(bytes)));
                    }
                });
    }

    private static org.springframework.http.HttpHeaders headersWithLength(ServerHttpRequest request, int length) {
        org.springframework.http.HttpHeaders headers = new org.springframework.http.HttpHeaders();
        headers.putAll(request.getHeaders());
        headers.remove("Transfer-Encoding");
        headers.setContentLength(length);
        return headers;
    }

    static ServerHttpResponse limitResponse(ServerHttpResponse response) {
        return new ServerHttpResponseDecorator(response) {
            @Override
            public Mono<Void> writeWith(Publisher<? extends DataBuffer> body) {
                long length = getHeaders().getContentLength();
                if (length > MAX_RESPONSE_BYTES) {
                    byte[] answer = FunctionStatus.RESPONSE_TOO_LARGE.bodyJson().getBytes();
                    setStatusCode(HttpStatusCode.valueOf(FunctionStatus.RESPONSE_TOO_LARGE.statusCode()));
                    getHeaders().setContentType(MediaType.APPLICATION_JSON);
                    getHeaders().setContentLength(answer.length);
                    getHeaders().remove("Transfer-Encoding");
                    return Flux.from(body).doOnNext(DataBufferUtils::release)
                            .then(super.writeWith(Mono.just(bufferFactory().wrap(answer))));
                }
                MediaType type = getHeaders().getContentType();
                if (length >= 0 || (type != null && MediaType.TEXT_EVENT_STREAM.isCompatibleWith(type))) {
                    return super.writeWith(body);
                }
                AtomicLong written = new AtomicLong();
                return super.writeWith(Flux.from(body).handle((buffer, sink) -> {
                    if (written.addAndGet(buffer.readableByteCount()) > MAX_RESPONSE_BYTES) {
                        DataBufferUtils.release(buffer);
                        sink.error(new IllegalStateException("response body over " + MAX_RESPONSE_BYTES + " bytes"));
                    } else {
                        sink.next(buffer);
                    }
                }));
            }
        };
    }
}
