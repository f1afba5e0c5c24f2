package dev.faas.scheduler.placement;

import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.lease.LeaseRelease;
import dev.faas.contracts.lease.LeaseRequest;
import dev.faas.scheduler.core.Instance;
import dev.faas.starter.ScfException;

/**
 * Leases over HTTP for the gateway ({@code /internal/v1/leases}). A grant is 200 with a {@code LeaseGrant}; a
 * refusal answers with the function status code (405, 446, 432 ...) and SCF's error body, which the gateway passes
 * to its client unchanged.
 */
@RestController
@RequestMapping("/internal/v1")
class LeaseController {
    private final LeaseService leases;

    LeaseController(LeaseService leases) {
        this.leases = leases;
    }

    @PostMapping("/leases")
    ResponseEntity<Object> acquire(@RequestBody LeaseRequest request) throws InterruptedException {
        if (request.requestId() == null || request.namespace() == null || request.functionName() == null || request.version() == null) {
            throw new ScfException(ScfError.MISSING_PARAMETER, "requestId, namespace, functionName and version are required.");
        }
        return switch (leases.acquire(request)) {
            case LeaseService.Granted g -> ResponseEntity.ok(g.grant());
            case LeaseService.Refused r -> ResponseEntity.status(r.status().statusCode()).contentType(MediaType.APPLICATION_JSON)
                    .body(r.status().body());
        };
    }

    @PostMapping("/leases/{leaseId}/release")
    ResponseEntity<Void> release(@PathVariable String leaseId, @RequestBody LeaseRelease report) {
        leases.release(leaseId, report);
        return ResponseEntity.status(HttpStatus.NO_CONTENT).build();
    }

    /** The background report of a gateway's held slots (ADR 0004). */
    @PostMapping("/leases/batch")
    dev.faas.contracts.lease.LeaseBatchResult batch(@RequestBody dev.faas.contracts.lease.LeaseBatch batch) {
        return leases.batch(batch);
    }

    @PostMapping("/leases/{leaseId}/renew")
    ResponseEntity<Map<String, Object>> renew(@PathVariable String leaseId) {
        return leases.renew(leaseId)
                .<ResponseEntity<Map<String, Object>>>map(l -> ResponseEntity.ok(Map.of("leaseId", l.id(),
                        "expiresAt", l.expiresAt() == null ? "" : l.expiresAt().toString())))
                .orElseThrow(() -> new ScfException(ScfError.RESOURCE_NOT_FOUND, "Lease " + leaseId + " is not held."));
    }

    /**
     * The instances, each with {@code busySlots} (slots leased, to a request or held by a gateway between requests)
     * and {@code invocations} (requests in flight on it, as far as the gateways have reported).
     */
    @GetMapping("/instances")
    List<Map<String, Object>> instances() {
        Map<String, Long> inFlight = leases.invocationsByInstance();
        return leases.instances().stream().map(i -> {
            Map<String, Object> view = new java.util.LinkedHashMap<>();
            view.put("id", i.id());
            view.put("pool", i.pool());
            view.put("state", i.state());
            view.put("endpoint", i.endpoint());
            view.put("slots", i.slots());
            view.put("busySlots", i.busySlots());
            view.put("invocations", inFlight.getOrDefault(i.id(), 0L));
            view.put("startedAt", i.startedAt());
            view.put("idleSince", i.idleSince());
            view.put("provisioned", i.provisioned());
            return view;
        }).toList();
    }

    /** Why an instance ended (434 memory limit, 439 exited), waiting up to {@code waitMs} (at most 2 s) for the exit. */
    @GetMapping("/instances/{instanceId}/exit")
    Map<String, Object> exit(@PathVariable String instanceId, @org.springframework.web.bind.annotation.RequestParam(defaultValue = "0") long waitMs)
            throws InterruptedException {
        var reason = leases.exitReason(instanceId, java.time.Duration.ofMillis(Math.max(0, Math.min(2000, waitMs))));
        Map<String, Object> answer = new java.util.HashMap<>();
        answer.put("instanceId", instanceId);
        answer.put("statusCode", reason.map(dev.faas.contracts.error.FunctionStatus::statusCode).orElse(null));
        return answer;
    }
}
