package dev.faas.gateway.invoke;

import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;

import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The 6 MB limits of a synchronous invocation (spec part 1 §2.5, §4.2). A request with a larger {@code Content-Length}
 * is answered 406 before any lease (by {@link FunctionCalls}); a chunked one is read first, at most 6 MB, and
 * sent on with its length, or refused with 406 before anything reaches the function. The response limit (407 over a
 * 6 MB {@code Content-Length}, a chunked body cut at 6 MB) is applied by {@link DirectProxy}.
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
}
