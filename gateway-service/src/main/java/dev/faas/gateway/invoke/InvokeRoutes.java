package dev.faas.gateway.invoke;

import java.time.Duration;

import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.reactor.netty.NettyServerCustomizer;
import org.springframework.cloud.gateway.config.HttpClientProperties;
import org.springframework.cloud.gateway.route.RouteLocator;
import org.springframework.cloud.gateway.route.builder.RouteLocatorBuilder;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.faas.gateway.GatewayProperties;
import dev.faas.gateway.urls.TriggerUrls;
import dev.faas.gateway.urls.UrlDirectory;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.channel.ChannelOption;

/**
 * The gateway's routes: function URLs (host form first, then path form) to instances, and the management API to the
 * service that owns each resource (DESIGN.md §2). A function URL's HTTP requests are served by {@link DirectProxy}
 * before they reach these routes; its WebSocket upgrades take the function URL routes.
 */
@Configuration(proxyBeanMethods = false)
class InvokeRoutes {
    /** Placeholder target: {@link InstanceAddressFilter} replaces it with the leased instance. */
    private static final String INSTANCE = "http://instance.invalid";

    /** The invocations' execution timeouts (one timer wheel for all). */
    @Bean(destroyMethod = "close")
    Deadline invocationDeadline() {
        return new Deadline();
    }

    /** The function URLs' invocations up to their instances, for both data paths. */
    @Bean
    FunctionCalls functionCalls(UrlDirectory urls, TriggerUrls triggerUrls, LeaseClient leases, SlotKeeper keeper, GatewayProperties properties) {
        return new FunctionCalls(urls, triggerUrls, leases, keeper, new UrlIds(properties.domain()),
                new AliasRouter(java.util.random.RandomGenerator.getDefault()));
    }

    /**
     * The direct data path's clients to instances, one pool per event loop, with the channel options (connect timeout)
     * of Spring Cloud Gateway's client and its pool idle time ({@code spring.cloud.gateway.server.webflux.httpclient.*}).
     */
    @Bean(destroyMethod = "close")
    LoopClients functionUrlClients(reactor.netty.http.client.HttpClient gatewayHttpClient, HttpClientProperties httpClient) {
        return new LoopClients(gatewayHttpClient, httpClient.getPool().getMaxIdleTime());
    }

    /** Function URLs' HTTP requests, ahead of Spring WebFlux and the routes below (which serve their WebSockets). */
    @Bean
    DirectProxy functionUrlDirectProxy(FunctionCalls calls, LoopClients clients, Deadline deadline, GatewayProperties properties) {
        return new DirectProxy(calls, clients, deadline, properties);
    }

    /**
     * The warm path of function URLs' requests without a body ({@link WarmPath}); {@code faas.gateway.warm-path=false}
     * leaves every request to {@link DirectProxy}.
     */
    @Bean
    @ConditionalOnProperty(name = "faas.gateway.warm-path", havingValue = "true", matchIfMissing = true)
    WarmPath functionUrlWarmPath(FunctionCalls calls, Deadline deadline, GatewayProperties properties,
                                 reactor.netty.http.client.HttpClient gatewayHttpClient, HttpClientProperties httpClient, MeterRegistry meters) {
        Object connectTimeout = gatewayHttpClient.configuration().options().get(ChannelOption.CONNECT_TIMEOUT_MILLIS);
        Duration maxIdle = httpClient.getPool().getMaxIdleTime();
        return new WarmPath(calls, deadline, properties, connectTimeout instanceof Integer millis ? millis : 30_000,
                maxIdle == null ? 0 : maxIdle.toNanos(), meters);
    }

    /** Puts the warm path into each server connection's pipeline. */
    @Bean
    @ConditionalOnProperty(name = "faas.gateway.warm-path", havingValue = "true", matchIfMissing = true)
    NettyServerCustomizer functionUrlWarmPathInstaller(WarmPath warm) {
        return server -> server.doOnChannelInit((observer, channel, remote) -> warm.install(channel));
    }

    @Bean
    RouteLocator faasRoutes(RouteLocatorBuilder routes, FunctionCalls calls, GatewayProperties properties, Deadline deadline) {
        UrlIds urlIds = calls.urlIds();
        FunctionUrlFilter functionUrl = new FunctionUrlFilter(calls, deadline);
        InstanceAddressFilter instanceAddress = new InstanceAddressFilter();
        RequestIdFilter requestId = new RequestIdFilter();
        return routes.routes()
                .route("function-url-host", r -> r.order(-100)
                        .predicate(exchange -> urlIds.hostUrlId(exchange.getRequest().getHeaders().getFirst("Host")) != null)
                        .filters(f -> f.filter(functionUrl).filter(instanceAddress))
                        .uri(INSTANCE))
                .route("function-url-path", r -> r.order(-90)
                        .path(UrlIds.PATH_PREFIX + "**")
                        .filters(f -> f.filter(functionUrl).filter(instanceAddress))
                        .uri(INSTANCE))
                .route("triggers", r -> r.order(0).path("/api/v1/namespaces/*/functions/*/triggers", "/api/v1/namespaces/*/functions/*/triggers/**")
                        .filters(f -> f.filter(requestId))
                        .uri(properties.triggerServiceUrl()))
                .route("logs", r -> r.order(0).path("/api/v1/logs", "/api/v1/logs/**")
                        .filters(f -> f.filter(requestId))
                        .uri(properties.logServiceUrl()))
                .route("functions", r -> r.order(10).path("/api/v1/**")
                        .filters(f -> f.filter(requestId))
                        .uri(properties.functionServiceUrl()))
                .build();
    }
}
