package dev.faas.gateway.invoke;

import java.time.Duration;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import dev.faas.contracts.error.FunctionStatus;
import dev.faas.contracts.lease.LeaseGrant;
import dev.faas.contracts.lease.LeaseRelease;
import dev.faas.contracts.lease.LeaseRequest;
import dev.faas.gateway.GatewayProperties;
import reactor.core.publisher.Mono;

/**
 * The gateway's side of leases. A refusal keeps the scheduler's status and SCF body; a scheduler that cannot be
 * reached is a 500 {@code InternalError} for the caller. Acquire is not retried: it may have started an instance.
 */
@Component
class LeaseClient {
    private static final Logger log = LoggerFactory.getLogger(LeaseClient.class);
    private final WebClient scheduler;
    private final Duration acquireTimeout;

    LeaseClient(WebClient.Builder web, GatewayProperties properties) {
        this.scheduler = web.clone().baseUrl(properties.schedulerUrl()).build();
        this.acquireTimeout = properties.leaseTimeout();
    }

    sealed interface Outcome permits Granted, Refused {
    }

    record Granted(LeaseGrant grant) implements Outcome {
    }

    /** @param body SCF's error body, as the scheduler wrote it */
    record Refused(int status, byte[] body) implements Outcome {
    }

    /**
     * Asks for a lease. The call runs to its end even when the client goes away meanwhile (a cold start can take
     * seconds): a grant that arrives for nobody is released at once, instead of holding its slot until the TTL.
     */
    Mono<Outcome> acquire(LeaseRequest request) {
        Mono<Outcome> call = scheduler.post().uri("/internal/v1/leases").bodyValue(request)
                .exchangeToMono(response -> {
                    HttpStatusCode status = response.statusCode();
                    if (status.value() == 200) {
                        return response.bodyToMono(LeaseGrant.class).map(g -> (Outcome) new Granted(g));
                    }
                    return response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0])
                            .map(body -> (Outcome) new Refused(status.value(), body.length > 0 ? body : FunctionStatus.INTERNAL_ERROR.bodyJson().getBytes()));
                })
                .timeout(acquireTimeout)
                .onErrorResume(e -> {
                    log.warn("lease for request {} failed: {}", request.requestId(), e.toString());
                    return Mono.just(new Refused(500, FunctionStatus.INTERNAL_ERROR.bodyJson().getBytes()));
                })
                .cache();
        call.subscribe();
        return call.doOnCancel(() -> call.subscribe(outcome -> {
            if (outcome instanceof Granted g) {
                release(g.grant().leaseId(), new LeaseRelease(FunctionStatus.REQUEST_CANCELLED.statusCode(), 0, 0)).subscribe();
            }
        }));
    }

    /**
     * Ends a lease. Never fails: a release that is lost (the scheduler is away) is made good by the lease's TTL, so
     * the caller's response goes on either way.
     */
    Mono<Void> release(String leaseId, LeaseRelease report) {
        return scheduler.post().uri("/internal/v1/leases/{id}/release", leaseId).bodyValue(report)
                .retrieve().toBodilessEntity().then()
                .timeout(Duration.ofSeconds(5))
                .onErrorResume(e -> {
                    log.warn("release of lease {} failed: {}", leaseId, e.toString());
                    return Mono.empty();
                });
    }

    /**
     * The status an instance that dropped a request ended with: 434 when its memory limit killed it, else 439. Asked
     * only after a failure, so it costs the warm path nothing.
     */
    Mono<dev.faas.contracts.error.FunctionStatus> exitStatus(String instanceId) {
        return scheduler.get().uri("/internal/v1/instances/{id}/exit?waitMs=1000", instanceId)
                .retrieve().bodyToMono(tools.jackson.databind.JsonNode.class)
                .timeout(Duration.ofSeconds(3))
                .map(n -> n.path("statusCode").asInt(0) == dev.faas.contracts.error.FunctionStatus.MEMORY_LIMIT_REACHED.statusCode()
                        ? dev.faas.contracts.error.FunctionStatus.MEMORY_LIMIT_REACHED : dev.faas.contracts.error.FunctionStatus.USER_PROCESS_EXIT)
                .onErrorReturn(dev.faas.contracts.error.FunctionStatus.USER_PROCESS_EXIT);
    }
}
