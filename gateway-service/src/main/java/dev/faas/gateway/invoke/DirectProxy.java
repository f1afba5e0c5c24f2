package dev.faas.gateway.invoke;

import java.time.Duration;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.core.io.buffer.NettyDataBufferFactory;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;
import org.springframework.http.server.reactive.ServerHttpRequest;

import dev.faas.contracts.api.ScfHeaders;
import dev.faas.contracts.error.FunctionStatus;
import dev.faas.contracts.lease.LeaseGrant;
import dev.faas.gateway.GatewayProperties;
import io.netty.buffer.ByteBuf;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.util.AsciiString;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.SignalType;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClientResponse;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;

/**
 * The data path of a function URL's HTTP requests: ahead of Spring WebFlux and Spring Cloud Gateway's filter chain
 * (an {@link HttpHandlerDecoratorFactory}), each request admitted by {@link FunctionCalls} is proxied straight
 * between the server's and the client's Reactor Netty connections (pooled ones, on the server connection's own
 * event loop when the instance serves several requests at once: {@link LoopClients}). Nothing of a route's generic machinery runs per request (no exchange, no route lookup, no
 * header-filter chain over copies of the headers): the request headers are written once into the proxied request,
 * the response's once into the client's. WebSocket handshakes and everything that is not a function URL go on to
 * Spring WebFlux, where Spring Cloud Gateway's routes serve them.
 *
 * <p>What the path does, as the Spring Cloud Gateway route did: hop-by-hop headers dropped both ways, the client's
 * {@code X-Scf-*} replaced by the platform's ({@link ScfRequestHeaders#write}), the path after the URL id and the
 * query passed byte for byte, the body streamed (a chunked one read first, by {@link FunctionCalls}); a response
 * whose {@code Content-Length} is over 6 MB replaced by 407, a chunked one cut at 6 MB unless it is an event stream;
 * the execution timeout over the whole exchange (433); the slot given back before the response's last byte is
 * written, so a client calling again at once finds it free.
 */
final class DirectProxy implements HttpHandlerDecoratorFactory {
    static final AsciiString[] HOP_BY_HOP = {
            HttpHeaderNames.CONNECTION, HttpHeaderNames.KEEP_ALIVE, HttpHeaderNames.PROXY_AUTHENTICATE, HttpHeaderNames.PROXY_AUTHORIZATION,
            AsciiString.cached("proxy-connection"), HttpHeaderNames.TE, HttpHeaderNames.TRAILER, HttpHeaderNames.TRANSFER_ENCODING,
            HttpHeaderNames.UPGRADE};
    static final AsciiString REQUEST_ID = AsciiString.cached(ScfHeaders.REQUEST_ID);
    static final AsciiString VERSION = AsciiString.cached(ScfHeaders.VERSION);
    /** Up to this length, a response body is written with its headers ({@link #whole}). */
    static final long WHOLE_BODY_BYTES = 64 * 1024;
    private final FunctionCalls calls;
    private final LoopClients clients;
    private final Deadline deadline;
    private final GatewayProperties properties;

    DirectProxy(FunctionCalls calls, LoopClients clients, Deadline deadline, GatewayProperties properties) {
        this.calls = calls;
        this.clients = clients;
        this.deadline = deadline;
        this.properties = properties;
    }

    @Override
    public HttpHandler apply(HttpHandler next) {
        return (request, response) -> {
            if (response instanceof AbstractServerHttpResponse r && r.getNativeResponse() instanceof HttpServerResponse out
                    && isFunctionUrl(request) && !isWebSocket(request)) {
                return calls.serve(request, response, (admitted, call) -> forward(admitted, call, out));
            }
            return next.handle(request, response);
        };
    }

    /** A WebSocket handshake, which Spring Cloud Gateway's route relays; any other upgrade is dropped as hop-by-hop. */
    private static boolean isWebSocket(ServerHttpRequest request) {
        String upgrade = request.getHeaders().getFirst(HttpHeaderNames.UPGRADE.toString());
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** As the routes match: the host form first, then the path form (whose URL id may still be unknown: 404). */
    private boolean isFunctionUrl(ServerHttpRequest request) {
        return request.getURI().getRawPath().startsWith(UrlIds.PATH_PREFIX)
                || calls.urlIds().hostUrlId(request.getHeaders().getFirst("Host")) != null;
    }

    private Mono<Void> forward(ServerHttpRequest request, FunctionCalls.Call call, HttpServerResponse out) {
        LeaseGrant grant = call.grant();
        HttpServerRequest in = request instanceof AbstractServerHttpRequest a && a.getNativeRequest() instanceof HttpServerRequest n ? n : null;
        String query = request.getURI().getRawQuery();
        String uri = "http://" + grant.host() + ":" + grant.port() + call.instancePath() + (query == null ? "" : "?" + query);
        boolean resendable = FunctionCalls.resendable(request);
        // a body is read once, as it is sent; until the connection to the instance is made nothing of it has been
        // read, so a request whose instance refused the connection may still go to another slot whole
        AtomicBoolean bodyTaken = new AtomicBoolean();
        Runnable release = () -> call.release(out.status().code());
        Mono<Void> exchange = clients.forRequest(in, grant.slots()).request(io.netty.handler.codec.http.HttpMethod.valueOf(request.getMethod().name())).uri(uri)
                .send((proxied, outbound) -> {
                    requestHeaders(request, in, call, proxied.requestHeaders());
                    if (resendable) {
                        return Mono.empty(); // no body: may be sent again, to another slot
                    }
                    bodyTaken.set(true);
                    return outbound.send(in != null ? in.receive().retain() : Flux.from(request.getBody()).map(NettyDataBufferFactory::toByteBuf));
                })
                .response((answer, body) -> respond(answer, body, out, call, release))
                .then();
        // the execution timeout covers the whole exchange, streams included (spec part 1 §6: SSE counts against it)
        return deadline.bound(exchange, Duration.ofSeconds(grant.timeoutSeconds()))
                .onErrorResume(e -> call.failed(e, out.hasSentHeaders(), resendable || !bodyTaken.get(), status -> answer(out, status, call.requestId())))
                .doFinally(signal -> {
                    // responses that did not end in respond (no response, error, client gone)
                    if (signal == SignalType.CANCEL) {
                        call.cancelled();
                    }
                    release.run();
                });
    }

    private void requestHeaders(ServerHttpRequest request, HttpServerRequest in, FunctionCalls.Call call, HttpHeaders proxied) {
        if (in != null) {
            // the client's headers, copied as Netty read (and validated) them, in place of the HTTP client's defaults;
            // then those that do not pass taken out, and the Host put back (the instance's address)
            String instanceHost = proxied.get(HttpHeaderNames.HOST);
            HttpHeaders client = in.requestHeaders();
            proxied.set(client);
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = client.iteratorCharSequence(); it.hasNext(); ) {
                CharSequence name = it.next().getKey();
                if (!passesOnRequest(name)) {
                    proxied.remove(name);
                }
            }
            if (instanceHost != null) {
                proxied.set(HttpHeaderNames.HOST, instanceHost);
            }
        } else {
            // the client's own, not the HTTP client's defaults (the Host stays: the instance's address)
            proxied.remove(HttpHeaderNames.USER_AGENT);
            proxied.remove(HttpHeaderNames.ACCEPT);
            request.getHeaders().forEach((name, values) -> {
                if (passesOnRequest(name)) {
                    proxied.add(name, values);
                }
            });
        }
        var sent = request.getHeaders();
        ScfRequestHeaders.write(call, properties, sent.getFirst(ScfRequestHeaders.FORWARDED_FOR), request.getRemoteAddress(),
                request.getURI().getScheme(), sent.getFirst("Host"), proxied::set);
    }

    /** Not hop-by-hop, not the platform's, not the Host (the instance's address is) nor an Expect already met. */
    static boolean passesOnRequest(CharSequence name) {
        return passesOnResponse(name) && !AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.HOST)
                && !AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.EXPECT) && !ScfRequestHeaders.isPlatformHeader(name);
    }

    static boolean passesOnResponse(CharSequence name) {
        for (AsciiString hop : HOP_BY_HOP) {
            if (AsciiString.contentEqualsIgnoreCase(name, hop)) {
                return false;
            }
        }
        return true;
    }

    private static Mono<Void> respond(HttpClientResponse answer, ByteBufFlux body, HttpServerResponse out, FunctionCalls.Call call,
                                      Runnable release) {
        HttpHeaders from = answer.responseHeaders();
        long length = contentLength(from);
        if (length > PayloadLimits.MAX_RESPONSE_BYTES) {
            // read and dropped, so the instance's write ends normally; the client gets SCF's 407
            return body.then(Mono.defer(() -> DirectProxy.answer(out, FunctionStatus.RESPONSE_TOO_LARGE, call.requestId())));
        }
        out.status(answer.status());
        HttpHeaders to = out.responseHeaders();
        to.add(from); // as Netty read (and validated) them, without validating each name again
        for (AsciiString hop : HOP_BY_HOP) {
            to.remove(hop);
        }
        to.set(REQUEST_ID, call.requestId());
        // which version ran, for the caller (the instance gets it as a request header too)
        to.set(VERSION, call.grant().version());
        if (length >= 0 && length <= WHOLE_BODY_BYTES) {
            return out.send(whole(body, release)).then();
        }
        return out.send(body(body.retain(), length, isEventStream(from), release)).then();
    }

    /**
     * A small body of known length, read in full before it is written, so the response's headers and body go to the
     * client in one write (Reactor Netty writes a single message's headers and body together; a stream's headers
     * first, each buffer after): one system call instead of two. The slot is given back before that write.
     */
    static Mono<ByteBuf> whole(ByteBufFlux bytes, Runnable release) {
        return bytes.aggregate().retain().doOnSuccess(b -> release.run());
    }

    /**
     * The instance's response body on its way to the client, giving the slot back before the client can have all of
     * it: before the buffer that completes a body of known {@code length} (at the end if it is shorter), else before
     * the end of the body (the terminating chunk); a body of unknown length is cut at 6 MB with an error, except an
     * event stream, which the execution timeout bounds instead (an SSE connection is one long invocation).
     * {@code release} must be idempotent: the exchange's end runs it too.
     */
    static Flux<ByteBuf> body(Flux<ByteBuf> bytes, long length, boolean eventStream, Runnable release) {
        long[] written = {0};
        if (length >= 0) {
            return bytes.doOnNext(b -> {
                written[0] += b.readableBytes();
                if (written[0] >= length) {
                    release.run();
                }
            }).doOnComplete(release);
        }
        if (eventStream) {
            return bytes.concatWith(Mono.fromRunnable(release));
        }
        return bytes.<ByteBuf>handle((b, sink) -> {
            written[0] += b.readableBytes();
            if (written[0] > PayloadLimits.MAX_RESPONSE_BYTES) {
                b.release();
                sink.error(new IllegalStateException("response body over " + PayloadLimits.MAX_RESPONSE_BYTES + " bytes"));
            } else {
                sink.next(b);
            }
        }).concatWith(Mono.fromRunnable(release));
    }

    static long contentLength(HttpHeaders headers) {
        String value = headers.get(HttpHeaderNames.CONTENT_LENGTH);
        if (value == null) {
            return -1;
        }
        try {
            return Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            return -1;
        }
    }

    static boolean isEventStream(HttpHeaders headers) {
        String type = headers.get(HttpHeaderNames.CONTENT_TYPE);
        return type != null && type.regionMatches(true, 0, "text/event-stream", 0, "text/event-stream".length());
    }

    /** SCF's error answer, straight on the connection; nothing once the response's headers have gone out. */
    private static Mono<Void> answer(HttpServerResponse out, FunctionStatus status, String requestId) {
        if (out.hasSentHeaders()) {
            return Mono.empty();
        }
        byte[] body = status.bodyJson().getBytes();
        out.status(HttpResponseStatus.valueOf(status.statusCode()));
        HttpHeaders headers = out.responseHeaders();
        headers.clear();
        headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON);
        headers.set(HttpHeaderNames.CONTENT_LENGTH, body.length);
        headers.set(ScfHeaders.REQUEST_ID, requestId);
        return out.sendByteArray(Mono.just(body)).then();
    }
}
