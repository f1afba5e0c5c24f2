package dev.faas.bench.plain;

import java.net.URI;
import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.server.reactive.AbstractServerHttpRequest;
import org.springframework.http.server.reactive.AbstractServerHttpResponse;
import org.springframework.http.server.reactive.HttpHandler;
import org.springframework.http.server.reactive.HttpHandlerDecoratorFactory;

import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaders;
import reactor.netty.Connection;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/**
 * A bare Reactor Netty proxy for bench/run.sh, {@code /bare/** → bench.target}: the request proxied between the
 * server's and a pooled client's connections ahead of Spring WebFlux, as the platform's direct data path does
 * (gateway-service's {@code DirectProxy}, ADR 0005, with one pool per event loop as its {@code LoopClients} for an
 * instance serving several requests at once), but with nothing else: no URL resolution, no slot, no limits,
 * no timeout, no platform headers, no logs. The floor of what a proxy on this runtime costs, beside nginx and the plain
 * Spring Cloud Gateway route.
 */
@Configuration(proxyBeanMethods = false)
class BareNettyProxy {
    static final String PREFIX = "/bare";

    @Bean
    HttpHandlerDecoratorFactory bareProxyDecorator(@Value("${bench.target}") String target) {
        URI to = URI.create(target);
        String base = "http://" + to.getHost() + ":" + to.getPort();
        Map<EventLoop, HttpClient> perLoop = new ConcurrentHashMap<>();
        Function<EventLoop, HttpClient> create = loop -> HttpClient.create(ConnectionProvider.builder("bare").maxConnections(1000)
                .pendingAcquireMaxCount(-1).build()).runOn(new LoopResources() {
                    @Override
                    public EventLoopGroup onServer(boolean useNative) {
                        return loop;
                    }
                });
        return next -> (HttpHandler) (request, response) -> {
            String path = request.getURI().getRawPath();
            if (!path.startsWith(PREFIX) || !(request instanceof AbstractServerHttpRequest a && a.getNativeRequest() instanceof HttpServerRequest in)
                    || !(response instanceof AbstractServerHttpResponse r && r.getNativeResponse() instanceof HttpServerResponse out)) {
                return next.handle(request, response);
            }
            String rest = path.substring(PREFIX.length());
            String query = request.getURI().getRawQuery();
            HttpClient client = perLoop.computeIfAbsent(((Connection) in).channel().eventLoop(), create);
            return client.request(in.method()).uri(base + (rest.isEmpty() ? "/" : rest) + (query == null ? "" : "?" + query))
                    .send((proxied, outbound) -> {
                        HttpHeaders headers = proxied.requestHeaders();
                        headers.remove(HttpHeaderNames.USER_AGENT);
                        headers.remove(HttpHeaderNames.ACCEPT);
                        copy(in.requestHeaders(), headers, true);
                        return outbound.send(in.receive().retain());
                    })
                    .response((answer, body) -> {
                        out.status(answer.status());
                        copy(answer.responseHeaders(), out.responseHeaders(), false);
                        return out.send(body.retain());
                    })
                    .then();
        };
    }

    private static void copy(HttpHeaders from, HttpHeaders to, boolean request) {
        for (Iterator<Map.Entry<CharSequence, CharSequence>> it = from.iteratorCharSequence(); it.hasNext(); ) {
            Map.Entry<CharSequence, CharSequence> header = it.next();
            CharSequence name = header.getKey();
            boolean hop = io.netty.util.AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.CONNECTION)
                    || io.netty.util.AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.KEEP_ALIVE)
                    || io.netty.util.AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.TRANSFER_ENCODING)
                    || (request && io.netty.util.AsciiString.contentEqualsIgnoreCase(name, HttpHeaderNames.HOST));
            if (!hop) {
                to.add(name, header.getValue());
            }
        }
    }
}
