package dev.faas.gateway.invoke;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.ApplicationListener;
import org.springframework.context.event.ContextClosedEvent;

import dev.faas.contracts.error.FunctionStatus;
import dev.faas.contracts.lease.LeaseGrant;
import dev.faas.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.ChannelPromise;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.DefaultFullHttpResponse;
import io.netty.handler.codec.http.DefaultHttpContent;
import io.netty.handler.codec.http.DefaultHttpHeadersFactory;
import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.DefaultHttpResponse;
import io.netty.handler.codec.http.DefaultLastHttpContent;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpClientCodec;
import io.netty.handler.codec.http.HttpContent;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import io.netty.handler.codec.http.HttpHeaders;
import io.netty.handler.codec.http.HttpHeadersFactory;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponse;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpStatusClass;
import io.netty.handler.codec.http.HttpUtil;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.LastHttpContent;
import io.netty.handler.ssl.SslHandler;
import io.netty.util.AsciiString;
import io.netty.util.AttributeKey;
import io.netty.util.ReferenceCountUtil;
import io.netty.util.Timeout;
import io.netty.util.concurrent.FastThreadLocal;
import reactor.core.publisher.Mono;
import reactor.netty.NettyPipeline;

/**
 * The warm path of a function URL's HTTP requests (ADR 0005's addendum): a Netty handler in each server connection's
 * pipeline right after its HTTP codec, ahead of Reactor Netty's HTTP handling and Spring WebFlux. A request without a
 * body or with one of up to {@link #MAX_BODY} bytes ({@code Content-Length}), for a URL the caches know, for which
 * this gateway holds a free slot on an instance that serves several requests at once, is proxied here from Netty's
 * own messages to a kept-alive connection to the instance on the same event loop and back: no Reactor Netty exchange
 * on either side, no reactive pipeline, nothing allocated per request but the request's and response's heads (and a
 * copy of the body). Everything else goes on as it came to {@link DirectProxy} (a larger or chunked body, a cold
 * call, a lease to acquire, an instance serving one request at a time, a WebSocket, the API), which also takes a
 * request whose instance refused the connection, to try another slot.
 *
 * <p>What it does is what {@link DirectProxy} does: hop-by-hop headers dropped both ways, the client's {@code X-Scf-*}
 * replaced by the platform's, the path after the URL id and the query passed byte for byte; a response whose
 * {@code Content-Length} is over 6 MB replaced by 407, a chunked one cut at 6 MB unless it is an event stream; the
 * execution timeout over the whole exchange (433); an instance gone mid-request 439 (or 434); the client gone 499;
 * the slot given back before the response's last byte is written.
 *
 * <p>A connection's requests are answered in order: one that arrives while a warm exchange runs (pipelined) waits for
 * it, and none takes the warm path while one handed on is still being answered.
 */
final class WarmPath implements ApplicationListener<ContextClosedEvent> {
    private static final Logger log = LoggerFactory.getLogger(WarmPath.class);
    static final String HANDLER = "faas.warmPath";
    /**
     * The largest request body the warm path takes (64 KiB, a {@code Content-Length} up to it): read whole before the
     * request goes to the instance (as nginx's request buffering does) and kept until the response, so a request is
     * never half sent and can go once more when a kept-alive connection was closed under it. A larger body, or one of
     * unknown length, goes on to {@link DirectProxy}, which streams it.
     */
    static final int MAX_BODY = 64 * 1024;
    /** Spring's default for a shutdown phase. */
    private static final Duration DRAIN_LIMIT = Duration.ofSeconds(30);
    /**
     * The instance that refused the connection of a request handed on ({@link Front#handOnInstead}): the general
     * path's lease request names it, so the scheduler grants no slot on it again and replaces it.
     */
    static final AttributeKey<String> REFUSED_BY = AttributeKey.valueOf("faas.refusedBy");
    private static final HttpHeadersFactory HEADERS = DefaultHttpHeadersFactory.headersFactory().withValidation(false);
    private final FunctionCalls calls;
    private final Deadline deadline;
    private final GatewayProperties properties;
    private final int connectTimeoutMillis;
    private final long maxIdleNanos;
    private final Counter served;
    /** warm exchanges running; at shutdown, waited for ({@link #drain}) */
    private final AtomicInteger active = new AtomicInteger();
    private volatile boolean draining;
    /** Per event loop: the idle kept-alive connections to each instance ({@code host:port}), most recent first. */
    private final FastThreadLocal<Map<String, ArrayDeque<Channel>>> idle = new FastThreadLocal<>() {
        @Override
        protected Map<String, ArrayDeque<Channel>> initialValue() {
            return new HashMap<>();
        }
    };

    /**
     * @param maxIdle how long an idle connection to an instance is kept (nanoseconds); 0: as long as the instance
     *                keeps it open
     */
    WarmPath(FunctionCalls calls, Deadline deadline, GatewayProperties properties, int connectTimeoutMillis, long maxIdleNanos,
             MeterRegistry meters) {
        this.calls = calls;
        this.deadline = deadline;
        this.properties = properties;
        this.connectTimeoutMillis = connectTimeoutMillis;
        this.maxIdleNanos = maxIdleNanos;
        this.served = Counter.builder("faas.gateway.warm.requests").description("function URL requests proxied on the warm path")
                .register(meters);
    }

    /**
     * The gateway is stopping: before its web server's graceful shutdown (which waits for the requests Reactor Netty
     * serves, and closes connections it sees idle, as those of warm exchanges look to it), the warm exchanges
     * running are waited for, and new requests go on to Reactor Netty.
     */
    @Override
    public void onApplicationEvent(ContextClosedEvent event) {
        try {
            if (!drain(DRAIN_LIMIT)) {
                log.warn("{} warm requests still running after {}: their connections close with the server", active.get(), DRAIN_LIMIT);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops taking requests and waits up to {@code limit} for those running to end; false if some still run. */
    boolean drain(Duration limit) throws InterruptedException {
        draining = true;
        long until = System.nanoTime() + limit.toNanos();
        synchronized (active) {
            while (active.get() > 0) {
                long left = until - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                active.wait(Math.max(1, left / 1_000_000));
            }
        }
        return true;
    }

    private void exchangeOver() {
        if (active.decrementAndGet() == 0 && draining) {
            synchronized (active) {
                active.notifyAll();
            }
        }
    }

    /** Puts the warm path into a new server connection's pipeline, after Reactor Netty's HTTP/1.1 codec. */
    void install(Channel channel) {
        ChannelPipeline pipeline = channel.pipeline();
        // HTTP/1.1 only: with h2c or HTTP/2 configured the codec is another (and requests come as streams)
        if (pipeline.get(NettyPipeline.HttpCodec) != null && pipeline.get(NettyPipeline.H2CUpgradeHandler) == null && pipeline.get(HANDLER) == null) {
            pipeline.addAfter(NettyPipeline.HttpCodec, HANDLER, new Front());
        }
    }

    /** A request's {@code Content-Length} (0 without one) if the warm path takes its body, else -1. */
    static long bodyLength(String header) {
        if (header == null) {
            return 0;
        }
        if (header.isEmpty() || header.length() > 6) {
            return -1;
        }
        long length = 0;
        for (int i = 0; i < header.length(); i++) {
            char c = header.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            length = length * 10 + (c - '0');
        }
        return length <= MAX_BODY ? length : -1;
    }

    /**
     * A WebSocket handshake, which Spring Cloud Gateway's route relays. Any other upgrade (a client's {@code h2c}
     * offer) is not taken, here as in Reactor Netty without HTTP/2: the request is served as HTTP/1.1 and the header
     * dropped as hop-by-hop.
     */
    private static boolean isWebSocket(HttpHeaders headers) {
        String upgrade = headers.get(HttpHeaderNames.UPGRADE);
        return upgrade != null && upgrade.equalsIgnoreCase("websocket");
    }

    /** One client connection: which requests take the warm path, and the order of the answers. */
    private final class Front extends ChannelDuplexHandler {
        private ChannelHandlerContext ctx;
        /** the warm exchange in progress, or null */
        private Exchange current;
        /** requests handed on whose response has not ended yet */
        private int handedOn;
        /** the request handed on last is still receiving its body: its content goes on too */
        private boolean handingContent;
        /** a WebSocket handshake was handed on: everything goes on from now (frames, once upgraded) */
        private boolean upgraded;
        /** the rest of an answered request's body is read and dropped */
        private boolean discarding;
        private static final int MAX_WAITING = 64;
        /** messages that came while a warm exchange ran, for after it */
        private final ArrayDeque<Object> waiting = new ArrayDeque<>();

        @Override
        public void handlerAdded(ChannelHandlerContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            if (upgraded) {
                ctx.fireChannelRead(msg);
            } else if (discarding && msg instanceof HttpContent content) {
                // the rest of the body of a request answered before it had all come (433, or its instance gone)
                content.release();
                if (msg instanceof LastHttpContent) {
                    discarding = false;
                    if (handedOn == 0) {
                        ctx.read(); // ready for the next request
                    }
                }
            } else if (current != null) {
                if (!current.requestEnded && msg instanceof HttpContent content) {
                    content(current, content);
                } else {
                    waiting.add(msg);
                }
            } else if (handingContent) {
                handingContent = !(msg instanceof LastHttpContent);
                ctx.fireChannelRead(msg);
            } else if (msg instanceof HttpRequest request) {
                Exchange exchange = handedOn == 0 ? admit(request) : null;
                if (exchange == null) {
                    handOn(request, !(request instanceof LastHttpContent));
                } else {
                    current = exchange;
                    exchange.start();
                    if (request instanceof LastHttpContent) {
                        requestEnded(exchange);
                    }
                }
            } else {
                ctx.fireChannelRead(msg);
            }
        }

        /** A part of the request's body (or its empty end) for {@code exchange}, which has not all come. */
        private void content(Exchange exchange, HttpContent content) {
            exchange.bodyPart(content);
            if (content instanceof LastHttpContent) {
                requestEnded(exchange);
            }
        }

        /**
         * Reactor Netty reads a server connection only when asked: while a warm request's body, or the rest of one
         * being discarded, has not all come, the next read is asked for here.
         */
        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            if (discarding || current != null && !current.requestEnded) {
                ctx.read();
            }
            ctx.fireChannelReadComplete();
        }

        /**
         * The request of the exchange running has all come. Reactor Netty reads a server connection only when asked
         * (auto-read off, a read at each request's end): the warm path asks as Reactor Netty would, so the client's
         * going away is seen and its next request read (a pipelined one waits, up to {@value #MAX_WAITING} messages).
         */
        private void requestEnded(Exchange exchange) {
            exchange.requestEnded();
            if (waiting.size() < MAX_WAITING) {
                ctx.read();
            }
        }

        private void handOn(HttpRequest request, boolean contentFollows) {
            handedOn++;
            handingContent = contentFollows;
            if (isWebSocket(request.headers())) {
                upgraded = true;
            }
            ctx.fireChannelRead(request);
        }

        @Override
        public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
            // Reactor Netty answering a request handed on (the warm path's own writes start below this handler); a
            // 100 Continue is a whole response too, but not the answer
            if (handedOn > 0 && msg instanceof LastHttpContent
                    && !(msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL)) {
                handedOn--;
            }
            ctx.write(msg, promise);
        }

        @Override
        public void channelWritabilityChanged(ChannelHandlerContext ctx) {
            if (current != null) {
                current.clientWritable(ctx.channel().isWritable());
            }
            ctx.fireChannelWritabilityChanged();
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            if (current != null) {
                current.clientGone();
            }
            waiting.forEach(ReferenceCountUtil::release);
            waiting.clear();
            ctx.fireChannelInactive();
        }

        /** An exchange ended: the requests that waited for it go on, in order. */
        void ended(Exchange exchange) {
            if (current != exchange) {
                return;
            }
            current = null;
            if (exchange != null && !exchange.requestEnded) {
                discarding = true;
                return; // the next request follows the rest of this one's body
            }
            while (!waiting.isEmpty() && ctx.channel().isActive()) {
                Exchange next = current;
                if (next == null) {
                    channelRead(ctx, waiting.poll());
                } else if (!next.requestEnded && waiting.peek() instanceof HttpContent) {
                    // the body of the request that now runs warm, which had waited with it
                    content(next, (HttpContent) waiting.poll());
                } else {
                    break; // the rest waits for that one
                }
            }
            if (current == null && handedOn == 0 && waiting.isEmpty()) {
                ctx.read(); // ready for the next request
            }
        }

        /** The instance refused the connection before anything was sent: the request goes on to try another slot. */
        void handOnInstead(Exchange exchange) {
            current = null;
            ctx.channel().attr(REFUSED_BY).set(exchange.call.grant().instanceId());
            handOn(exchange.request, false);
            // what has come of the body goes on with it
            ByteBuf body = exchange.takeBody();
            if (exchange.requestEnded) {
                ctx.fireChannelRead(body == null ? LastHttpContent.EMPTY_LAST_CONTENT : new DefaultLastHttpContent(body));
            } else {
                if (body != null) {
                    ctx.fireChannelRead(new DefaultHttpContent(body));
                }
                handingContent = true;
            }
            ended(null);
        }

        private Exchange admit(HttpRequest request) {
            HttpHeaders headers = request.headers();
            if (draining || !request.decoderResult().isSuccess() || request.protocolVersion() != HttpVersion.HTTP_1_1
                    || headers.contains(HttpHeaderNames.TRANSFER_ENCODING) || isWebSocket(headers)
                    || headers.contains(HttpHeaderNames.EXPECT) || headers.containsValue(HttpHeaderNames.CONNECTION, HttpHeaderValues.CLOSE, true)) {
                return null;
            }
            // a body of a known length up to MAX_BODY is taken whole before the request goes to the instance
            long length = bodyLength(headers.get(HttpHeaderNames.CONTENT_LENGTH));
            if (length < 0) {
                return null;
            }
            String uri = request.uri();
            if (uri.isEmpty() || uri.charAt(0) != '/') {
                return null;
            }
            int q = uri.indexOf('?');
            UrlIds.Target target = calls.urlIds().target(q < 0 ? uri : uri.substring(0, q), headers.get(HttpHeaderNames.HOST));
            if (target == null) {
                return null;
            }
            FunctionCalls.Call call = calls.warm(target.urlId(), target.instancePath(), headers::get);
            if (call == null) {
                return null;
            }
            served.increment();
            active.incrementAndGet();
            return new Exchange(this, request, call, target.instancePath() + (q < 0 ? "" : uri.substring(q)), (int) length);
        }
    }

    /** One warm invocation, from the client's request to the instance's response's end; on its connection's loop. */
    private final class Exchange {
        private final Front front;
        private final HttpRequest request;
        private final FunctionCalls.Call call;
        private final String path;
        private final EventLoop loop;
        private final String instance;
        /** the request's body as it comes (null without one); sent when it has all come, kept until the end to send again */
        private ByteBuf body;
        boolean requestEnded;
        private Channel back;
        /** the request went to the instance on {@link #back} */
        private boolean sent;
        /** the request went to the instance, on this connection or an earlier one */
        private boolean transmitted;
        /** the connection to the instance came from the idle ones (it may have been closed meanwhile) */
        private boolean reused;
        private boolean resent;
        private Timeout timer;
        private boolean done;
        private boolean headersSent;
        private boolean dropping;
        /** an informational (1xx) response is being skipped: the response proper follows it */
        private boolean informational;
        private boolean eventStream;
        private boolean keepAlive;
        private int status;
        private long length;
        private long written;
        private boolean over;

        Exchange(Front front, HttpRequest request, FunctionCalls.Call call, String path, int bodyLength) {
            this.front = front;
            this.request = request;
            this.call = call;
            this.path = path;
            this.loop = front.ctx.channel().eventLoop();
            LeaseGrant grant = call.grant();
            this.instance = grant.host() + ":" + grant.port();
            this.body = bodyLength > 0 ? front.ctx.alloc().buffer(bodyLength, bodyLength) : null;
        }

        void bodyPart(HttpContent content) {
            if (body != null) {
                body.writeBytes(content.content());
            }
            content.release();
        }

        /** The request has all come: it goes to the instance if the connection is there. */
        void requestEnded() {
            requestEnded = true;
            if (back != null && !sent && !done) {
                transmit();
            }
        }

        /** The body as it came, now the caller's to release; null without one (or once taken). */
        ByteBuf takeBody() {
            ByteBuf taken = body;
            body = null;
            return taken;
        }

        private void releaseBody() {
            ByteBuf b = takeBody();
            if (b != null) {
                b.release();
            }
        }

        void start() {
            timer = deadline.after(call.grant().timeoutSeconds() * 1000L, () -> loop.execute(this::timedOut));
            Channel kept = takeIdle(instance);
            if (kept != null) {
                reused = true;
                send(kept);
            } else {
                connect();
            }
        }

        private void connect() {
            reused = false;
            LeaseGrant grant = call.grant();
            Channel client = front.ctx.channel();
            new Bootstrap().group(loop).channel(client.getClass())
                    .option(ChannelOption.TCP_NODELAY, true)
                    .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, connectTimeoutMillis)
                    .handler(new ChannelInitializer<>() {
                        @Override
                        protected void initChannel(Channel ch) {
                            ch.pipeline().addLast(new HttpClientCodec(), new Back(instance));
                        }
                    })
                    .connect(grant.host(), grant.port())
                    .addListener((ChannelFutureListener) f -> {
                        if (done) {
                            f.channel().close();
                        } else if (f.isSuccess()) {
                            send(f.channel());
                        } else {
                            // a body sent once already is not sent to another instance: the one that closed the
                            // connection and now refuses it may have run it
                            fail(f.cause(), FunctionStatus.USER_PROCESS_EXIT, !(transmitted && body != null));
                        }
                    });
        }

        private void send(Channel channel) {
            back = channel;
            sent = false;
            channel.pipeline().get(Back.class).exchange = this;
            if (requestEnded) {
                transmit();
            }
        }

        /** The request, all come, to the instance on {@link #back}. */
        private void transmit() {
            sent = true;
            transmitted = true;
            Channel channel = back;
            HttpHeaders headers = HEADERS.newHeaders();
            HttpHeaders client = request.headers();
            headers.set(client);
            for (Iterator<Map.Entry<CharSequence, CharSequence>> it = client.iteratorCharSequence(); it.hasNext(); ) {
                CharSequence name = it.next().getKey();
                if (!DirectProxy.passesOnRequest(name)) {
                    headers.remove(name);
                }
            }
            headers.set(HttpHeaderNames.HOST, instance);
            Channel from = front.ctx.channel();
            ScfRequestHeaders.write(call, properties, client.get(ScfRequestHeaders.FORWARDED_FOR),
                    from.remoteAddress() instanceof InetSocketAddress a ? a : null,
                    from.pipeline().get(SslHandler.class) != null ? "https" : "http", client.get(HttpHeaderNames.HOST), headers::set);
            channel.write(new DefaultHttpRequest(HttpVersion.HTTP_1_1, request.method(), path, headers));
            // the body's own bytes stay for a second sending (a kept-alive connection closed as it went out)
            channel.writeAndFlush(body == null ? LastHttpContent.EMPTY_LAST_CONTENT : new DefaultLastHttpContent(body.retainedDuplicate()));
        }

        /** A message of the instance's response. */
        void fromInstance(Object msg) {
            if (done) {
                ReferenceCountUtil.release(msg);
                return;
            }
            ChannelHandlerContext to = front.ctx;
            if (informational || msg instanceof HttpResponse r && r.status().codeClass() == HttpStatusClass.INFORMATIONAL) {
                informational = !(msg instanceof LastHttpContent);
                ReferenceCountUtil.release(msg); // the request had no body: no 100 to relay, nor any other
                return;
            }
            if (msg instanceof HttpResponse response) {
                status = response.status().code();
                HttpHeaders from = response.headers();
                length = DirectProxy.contentLength(from);
                keepAlive = HttpUtil.isKeepAlive(response);
                if (length > PayloadLimits.MAX_RESPONSE_BYTES) {
                    dropping = true; // read and dropped, so the instance's write ends normally; the client gets 407
                } else {
                    HttpHeaders headers = HEADERS.newHeaders();
                    headers.set(from);
                    for (AsciiString hop : DirectProxy.HOP_BY_HOP) {
                        headers.remove(hop);
                    }
                    headers.set(DirectProxy.REQUEST_ID, call.requestId());
                    headers.set(DirectProxy.VERSION, call.grant().version());
                    eventStream = DirectProxy.isEventStream(from);
                    if (length < 0 && !request.method().equals(HttpMethod.HEAD) && status != 204 && status != 304) {
                        headers.set(HttpHeaderNames.TRANSFER_ENCODING, HttpHeaderValues.CHUNKED);
                    }
                    to.write(new DefaultHttpResponse(HttpVersion.HTTP_1_1, response.status(), headers));
                    headersSent = true;
                }
            }
            if (!(msg instanceof HttpContent content)) {
                return;
            }
            if (dropping) {
                content.release();
                if (msg instanceof LastHttpContent) {
                    end();
                    answer(FunctionStatus.RESPONSE_TOO_LARGE);
                    front.ended(this);
                }
                return;
            }
            written += content.content().readableBytes();
            if (length < 0 && !eventStream && written > PayloadLimits.MAX_RESPONSE_BYTES) {
                content.release();
                fail(new IllegalStateException("response body over " + PayloadLimits.MAX_RESPONSE_BYTES + " bytes"), FunctionStatus.INTERNAL_ERROR,
                        false);
                return;
            }
            if (msg instanceof LastHttpContent) {
                end();
                to.writeAndFlush(content);
                front.ended(this);
                return;
            }
            to.write(content);
            if (!to.channel().isWritable()) {
                back.config().setAutoRead(false);
            }
        }

        /** The exchange is over, however it ended: counted once. */
        private void over() {
            if (!over) {
                over = true;
                exchangeOver();
            }
        }

        /** The response is complete: the slot goes back before its last bytes are written, the connection is kept. */
        private void end() {
            done = true;
            over();
            timer.cancel();
            releaseBody();
            Channel channel = back;
            back = null;
            channel.pipeline().get(Back.class).exchange = null;
            if (keepAlive && channel.isActive()) {
                channel.config().setAutoRead(true);
                keepIdle(instance, channel);
            } else {
                channel.close();
            }
            call.release(dropping ? FunctionStatus.RESPONSE_TOO_LARGE.statusCode() : status);
        }

        /** The end of the instance's batch of reads: what was written goes out. */
        void flushClient() {
            front.ctx.flush();
        }

        void clientWritable(boolean writable) {
            if (back != null) {
                back.config().setAutoRead(writable);
            }
        }

        /** The connection to the instance closed before the response's end. */
        void instanceClosed() {
            if (done) {
                return;
            }
            back = null;
            if ((reused || !sent) && !resent && !headersSent) {
                // a kept-alive connection the instance closed as the request went out (its idle timeout): nothing
                // of it was read there, so it goes once more on a new connection, as Reactor Netty's client does;
                // so does one closed while the request's body was still coming (nothing went on it)
                resent = true;
                connect();
                return;
            }
            fail(new IOException("the instance closed the connection before the response's end"), FunctionStatus.USER_PROCESS_EXIT, false);
        }

        void timedOut() {
            if (!done) {
                fail(new TimeoutException("no end within " + call.grant().timeoutSeconds() + " s"), FunctionStatus.TIME_LIMIT_REACHED, false);
            }
        }

        void clientGone() {
            if (done) {
                return;
            }
            done = true;
            over();
            timer.cancel();
            releaseBody();
            closeBack();
            call.cancelled();
            call.release(0);
        }

        /**
         * The exchange failed: SCF's status for it answered (439 after the scheduler said how the instance ended,
         * 434 if its memory limit killed it), or the client's connection closed when the response had begun, or the
         * request handed on to another slot when the instance refused the connection.
         */
        private void fail(Throwable cause, FunctionStatus status, boolean refused) {
            done = true;
            timer.cancel();
            closeBack();
            FunctionStatus[] answered = {null};
            call.failed(cause, status, refused, headersSent, true, s -> Mono.fromRunnable(() -> answered[0] = s))
                    .subscribe(null,
                            e -> loop.execute(() -> {
                                if (e instanceof FunctionCalls.TryAnotherSlot) {
                                    over();
                                    call.release(0);
                                    front.handOnInstead(this);
                                } else {
                                    log.warn("request {} failed: {}", call.requestId(), e.toString());
                                    finishFailed(FunctionStatus.INTERNAL_ERROR);
                                }
                            }),
                            () -> loop.execute(() -> finishFailed(answered[0])));
        }

        private void finishFailed(FunctionStatus answered) {
            over();
            releaseBody();
            if (headersSent || answered == null) {
                call.release(status == 0 ? FunctionStatus.INTERNAL_ERROR.statusCode() : status);
                front.ctx.close(); // the response had begun: it cannot end well
                return;
            }
            call.release(answered.statusCode());
            answer(answered);
            front.ended(this);
        }

        private void closeBack() {
            Channel channel = back;
            back = null;
            if (channel != null) {
                channel.pipeline().get(Back.class).exchange = null;
                channel.close();
            }
        }

        /** SCF's error answer on the client's connection. */
        private void answer(FunctionStatus status) {
            byte[] body = status.bodyJson().getBytes(StandardCharsets.UTF_8);
            FullHttpResponse response = new DefaultFullHttpResponse(HttpVersion.HTTP_1_1, HttpResponseStatus.valueOf(status.statusCode()),
                    Unpooled.wrappedBuffer(body), HEADERS, HEADERS);
            response.headers().set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON)
                    .set(HttpHeaderNames.CONTENT_LENGTH, body.length)
                    .set(DirectProxy.REQUEST_ID, call.requestId());
            front.ctx.writeAndFlush(response);
        }
    }

    /** A connection to an instance: the response's messages to its exchange; idle, it waits in {@link #idle}. */
    private final class Back extends ChannelInboundHandlerAdapter {
        private final String instance;
        Exchange exchange;
        long idleSince;

        Back(String instance) {
            this.instance = instance;
        }

        @Override
        public void channelRead(ChannelHandlerContext ctx, Object msg) {
            Exchange x = exchange;
            if (x == null) {
                ReferenceCountUtil.release(msg); // nothing was asked
                ctx.close();
                return;
            }
            x.fromInstance(msg);
        }

        @Override
        public void channelReadComplete(ChannelHandlerContext ctx) {
            Exchange x = exchange;
            if (x != null) {
                x.flushClient();
            }
        }

        @Override
        public void channelInactive(ChannelHandlerContext ctx) {
            Exchange x = exchange;
            exchange = null;
            if (x != null) {
                x.instanceClosed();
            } else {
                ArrayDeque<Channel> kept = idle.get().get(instance);
                if (kept != null) {
                    kept.remove(ctx.channel());
                }
            }
        }

        @Override
        public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
            log.debug("connection to instance {} failed: {}", instance, cause.toString());
            ctx.close();
        }
    }

    private Channel takeIdle(String instance) {
        ArrayDeque<Channel> kept = idle.get().get(instance);
        if (kept == null) {
            return null;
        }
        for (Channel channel = kept.pollFirst(); channel != null; channel = kept.pollFirst()) {
            if (channel.isActive()) {
                return channel;
            }
        }
        return null;
    }

    private void keepIdle(String instance, Channel channel) {
        long now = System.nanoTime();
        channel.pipeline().get(Back.class).idleSince = now;
        ArrayDeque<Channel> kept = idle.get().computeIfAbsent(instance, k -> new ArrayDeque<>());
        kept.offerFirst(channel);
        if (maxIdleNanos > 0) {
            // the least recent at the end: those idle too long are closed (closing removes them)
            for (Channel last = kept.peekLast(); last != null && now - last.pipeline().get(Back.class).idleSince > maxIdleNanos; last = kept.peekLast()) {
                kept.pollLast();
                last.close();
            }
        }
    }
}
