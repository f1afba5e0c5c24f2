package dev.faas.gateway.invoke;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;

import dev.faas.contracts.lease.LeaseBatch;
import dev.faas.contracts.lease.LeaseBatchResult;
import dev.faas.gateway.GatewayProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.ObjectMapper;

/**
 * Keeps the gateway's {@link SlotCache} in step with the scheduler, off every request's path (ADR 0004): one thread
 * sends, every {@code flush-interval}, the invocations that started and ended on held slots, the slots given back
 * and those to renew, in one {@code POST /internal/v1/leases/batch}; and it acts on the answer (leases the scheduler
 * no longer holds are lost; a new scheduler id means a restart, so everything held is forgotten; a new configuration
 * generation means free slots are given back, so the next invocations are admitted under the new quota).
 *
 * <p>Reports wait in a bounded queue: while the scheduler is away they are kept (up to 100,000, then dropped and
 * counted in {@code faas.gateway.reports.dropped}); the leases' TTL makes good what could not be given back.
 *
 * <p>It stops in lifecycle phase {@link #PHASE}: after the web server's graceful shutdown (so the invocations it let
 * finish are reported) and before Reactor Netty's shared resources (phase 0), whose event loops shut down only after
 * two seconds without a task: a keeper still posting every {@code flush-interval} kept them busy until their 15 s
 * timeout, and every shutdown took that long.
 */
@Component
public class SlotKeeper implements SmartLifecycle, DisposableBean {
    /** After the web server's graceful shutdown and stop (phases near {@link SmartLifecycle#DEFAULT_PHASE}), before 0. */
    static final int PHASE = 1_000;
    private static final Logger log = LoggerFactory.getLogger(SlotKeeper.class);
    private static final int MAX_QUEUED = 100_000;
    private static final int MAX_BATCH = 5_000;
    private final SlotCache slots;
    private final WebClient scheduler;
    private final ObjectMapper json;
    private final long flushNanos;
    private final long heartbeatMillis;
    private final Queue<LeaseBatch.Invocation> reports = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final List<String> unsentReleases = new ArrayList<>();
    private final Counter dropped;
    private final Thread worker;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile String schedulerId;
    private volatile long generation = Long.MIN_VALUE;
    private long lastSentMillis;

    SlotKeeper(WebClient.Builder web, ObjectMapper json, GatewayProperties properties, MeterRegistry meters) {
        this.json = json;
        this.slots = new SlotCache(properties.slots().linger());
        this.scheduler = web.clone().baseUrl(properties.schedulerUrl()).build();
        this.flushNanos = properties.slots().flushInterval().toNanos();
        this.heartbeatMillis = properties.slots().heartbeat().toMillis();
        this.dropped = Counter.builder("faas.gateway.reports.dropped").description("invocation reports dropped: the scheduler stayed away").register(meters);
        Gauge.builder("faas.gateway.slots.held", slots, SlotCache::held).description("leases held by this gateway, busy or free").register(meters);
        this.worker = Thread.ofPlatform().daemon().name("slot-keeper").start(this::run);
    }

    SlotCache slots() {
        return slots;
    }

    /** An invocation began on a slot that was already held (a fresh lease's start is known to the scheduler). */
    void started(SlotCache.Slot slot, String requestId, long atMillis, String alias) {
        report(LeaseBatch.Invocation.started(slot.leaseId(), requestId, atMillis, alias));
    }

    void ended(SlotCache.Slot slot, String requestId, long atMillis, int statusCode, long durationMillis) {
        report(LeaseBatch.Invocation.ended(slot.leaseId(), requestId, atMillis, statusCode, durationMillis));
    }

    /**
     * This gateway passed on a change of concurrency configuration: the free slots are given back at once, so that
     * the next invocation is admitted under the new quota (other gateways learn of it by the generation in the next
     * batch answer, within the heartbeat).
     */
    public void configurationChanged() {
        slots.dropFree();
        flushSoon();
    }

    /** Sends what is pending now instead of at the next tick (a failure the scheduler should act on soon). */
    void flushSoon() {
        LockSupport.unpark(worker);
    }

    private void report(LeaseBatch.Invocation invocation) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.increment();
            return;
        }
        reports.add(invocation);
    }

    private void run() {
        while (!stopped.get()) {
            LockSupport.parkNanos(flushNanos);
            try {
                tick(System.currentTimeMillis());
            } catch (RuntimeException e) {
                log.warn("slot upkeep failed: {}", e.toString());
            }
        }
    }

    private void tick(long now) {
        SlotCache.Sweep sweep = slots.sweep(now);
        unsentReleases.addAll(sweep.release());
        List<LeaseBatch.Invocation> invocations = new ArrayList<>();
        LeaseBatch.Invocation next;
        while (invocations.size() < MAX_BATCH && (next = reports.poll()) != null) {
            invocations.add(next);
        }
        queued.addAndGet(-invocations.size());
        LeaseBatch batch = new LeaseBatch(paired(invocations), List.copyOf(unsentReleases), sweep.renew());
        boolean heartbeatDue = slots.held() > 0 && now - lastSentMillis >= heartbeatMillis;
        if (batch.isEmpty() && !heartbeatDue) {
            return;
        }
        LeaseBatchResult result;
        try {
            // JSON written and read here, not on the event loop the exchange runs on: a batch of a few thousand
            // reports is a fraction of a millisecond of work the invocations on that loop would wait behind
            byte[] answer = scheduler.post().uri("/internal/v1/leases/batch").contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(json.writeValueAsBytes(batch)).retrieve().bodyToMono(byte[].class).block(Duration.ofSeconds(5));
            result = answer == null ? null : json.readValue(answer, LeaseBatchResult.class);
        } catch (RuntimeException e) {
            // keep the reports for the next tick, in their order; renewals are asked again by the next sweep
            log.debug("lease batch failed: {}", e.toString());
            requeue(invocations);
            return;
        }
        lastSentMillis = now;
        unsentReleases.clear();
        if (result == null) {
            return;
        }
        if (schedulerId != null && !schedulerId.equals(result.schedulerId())) {
            log.info("the scheduler restarted: the slots the one before granted are forgotten ({} held)", slots.held());
            slots.forgetGrantedByOthers(result.schedulerId());
        } else if (generation != result.generation()) {
            // only slots admitted under an older configuration: those taken since are already under the new one
            slots.dropAdmittedBefore(result.generation());
        }
        schedulerId = result.schedulerId();
        generation = result.generation();
        result.renewed().forEach((leaseId, ttl) -> slots.renewed(leaseId, ttl, now));
        result.unknown().forEach(slots::lost);
        result.ended().forEach(slots::lost);
    }

    /**
     * The reports with each start and end of one invocation made one {@code COMPLETED} report, in the start's place:
     * most invocations last less than a flush interval, so this halves what is sent and read. A slot serves one
     * invocation at a time, so nothing of that slot lies between the two.
     */
    static List<LeaseBatch.Invocation> paired(List<LeaseBatch.Invocation> reports) {
        List<LeaseBatch.Invocation> out = new ArrayList<>(reports.size());
        java.util.Map<String, Integer> startedAt = new java.util.HashMap<>();
        for (LeaseBatch.Invocation r : reports) {
            if (r.phase() == LeaseBatch.Phase.STARTED) {
                startedAt.put(r.leaseId(), out.size());
                out.add(r);
                continue;
            }
            Integer start = r.phase() == LeaseBatch.Phase.ENDED ? startedAt.remove(r.leaseId()) : null;
            if (start != null && out.get(start).requestId().equals(r.requestId())) {
                out.set(start, out.get(start).completedBy(r));
            } else {
                out.add(r);
            }
        }
        return out;
    }

    private void requeue(List<LeaseBatch.Invocation> invocations) {
        List<LeaseBatch.Invocation> rest = new ArrayList<>(invocations);
        for (LeaseBatch.Invocation i = reports.poll(); i != null; i = reports.poll()) {
            rest.add(i);
        }
        reports.addAll(rest);
        queued.addAndGet(invocations.size());
    }

    @Override
    public void start() {
        // the worker starts with the bean
    }

    @Override
    public boolean isRunning() {
        return !stopped.get();
    }

    @Override
    public int getPhase() {
        return PHASE;
    }

    @Override
    public void stop() {
        try {
            shutdown();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void destroy() throws InterruptedException {
        shutdown();
    }

    /** Once: the worker stops, and what is held free is given back now rather than at the TTL. */
    private void shutdown() throws InterruptedException {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        LockSupport.unpark(worker);
        worker.join(2_000);
        slots.dropFree();
        try {
            tick(System.currentTimeMillis());
        } catch (RuntimeException e) {
            log.debug("slots not given back at shutdown: {}", e.toString());
        }
    }
}
