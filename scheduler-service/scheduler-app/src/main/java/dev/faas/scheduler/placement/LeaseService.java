package dev.faas.scheduler.placement;

import java.io.IOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.faas.contracts.error.FunctionStatus;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.contracts.lease.LeaseBatch;
import dev.faas.contracts.lease.LeaseBatchResult;
import dev.faas.contracts.lease.LeaseGrant;
import dev.faas.contracts.lease.LeaseRelease;
import dev.faas.contracts.lease.LeaseRequest;
import dev.faas.scheduler.SchedulerProperties;
import dev.faas.scheduler.core.Endpoint;
import dev.faas.scheduler.core.Instance;
import dev.faas.scheduler.core.InstancePool;
import dev.faas.scheduler.core.Lease;
import dev.faas.scheduler.core.PoolKey;
import dev.faas.scheduler.core.quota.ConcurrencyAccount;
import dev.faas.scheduler.core.quota.RateBudget;
import dev.faas.scheduler.concurrency.ConcurrencyConfig;
import dev.faas.scheduler.concurrency.ProvisionedConfig;
import dev.faas.scheduler.functions.FunctionDirectory;
import dev.faas.scheduler.instance.InstanceProvider;
import dev.faas.scheduler.logs.InvocationLog;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;

/**
 * The scheduler's facade: turns lease requests into slots on instances, starting instances through the provider when
 * no slot is free, and ends, renews and expires leases.
 *
 * <h2>Threading</h2>
 * The pools are plain state machines ({@link InstancePool}); every call on them happens under {@link #lock}, which is
 * never held across I/O: a cold start reserves its slot under the lock, starts the instance outside it (seconds),
 * and activates the lease under the lock again. Requests run on virtual threads, so a blocked cold start costs no
 * platform thread.
 */
public final class LeaseService implements InstanceProvider.Listener {
    private static final Logger log = LoggerFactory.getLogger(LeaseService.class);

    /** The answer to a lease request. */
    public sealed interface Outcome permits Granted, Refused {
    }

    public record Granted(LeaseGrant grant) implements Outcome {
    }

    public record Refused(FunctionStatus status, String detail) implements Outcome {
    }

    /**
     * An instance as this service knows it: its pool, its function, and the invocations it served lately, by start
     * time. The instance's output is attributed to the invocation that started last before the line was read; as
     * gateways report starts on slots they hold a few tens of milliseconds late, lines wait {@link #OUTPUT_DELAY}
     * before they are attributed.
     */
    private static final class Running {
        final PoolKey pool;
        final FunctionView function;
        private final List<Window> windows = new ArrayList<>();
        private final java.util.ArrayDeque<Line> pending = new java.util.ArrayDeque<>();

        Running(PoolKey pool, FunctionView function, InvocationLog.Context first) {
            this.pool = pool;
            this.function = function;
            if (first != null) {
                windows.add(new Window(first));
            }
        }

        synchronized void started(InvocationLog.Context c) {
            int at = windows.size();
            while (at > 0 && windows.get(at - 1).context.startMillis() > c.startMillis()) {
                at--;
            }
            windows.add(at, new Window(c));
            if (windows.size() > 64) {
                windows.removeFirst();
            }
        }

        synchronized void ended(String requestId, long atMillis) {
            for (int i = windows.size() - 1; i >= 0; i--) {
                if (windows.get(i).context.requestId().equals(requestId)) {
                    windows.get(i).endMillis = atMillis;
                    return;
                }
            }
        }

        synchronized void line(long atMillis, String stream, String text) {
            if (pending.size() < 10_000) {
                pending.add(new Line(atMillis, stream, text));
            }
        }

        /**
         * The lines read before {@code beforeMillis}, each with the invocation it belongs to (none: dropped). A line
         * read just after its invocation ended (the pipe is read a moment behind) keeps its place before {@code END}.
         */
        synchronized List<Map.Entry<InvocationLog.Context, Line>> due(long beforeMillis) {
            List<Map.Entry<InvocationLog.Context, Line>> due = new ArrayList<>();
            while (!pending.isEmpty() && pending.peekFirst().atMillis() < beforeMillis) {
                Line line = pending.pollFirst();
                Window owner = null;
                for (Window w : windows) {
                    if (owner == null || w.context.startMillis() <= line.atMillis()) {
                        owner = w;
                    }
                }
                if (owner == null) {
                    continue;
                }
                long at = line.atMillis();
                if (at >= owner.endMillis) {
                    at = Math.max(owner.context.startMillis(), owner.endMillis - 1);
                }
                due.add(Map.entry(owner.context, at == line.atMillis() ? line : new Line(at, line.stream(), line.text())));
            }
            return due;
        }
    }

    /** An invocation an instance served: from its start, until its end once known. */
    private static final class Window {
        final InvocationLog.Context context;
        volatile long endMillis = Long.MAX_VALUE;

        Window(InvocationLog.Context context) {
            this.context = context;
        }
    }

    private record Line(long atMillis, String stream, String text) {
    }

    /** Leases that ended with their instance, with when: told to gateways for {@link #ENDED_KEPT}. */
    private final java.util.ArrayDeque<Map.Entry<String, Long>> recentlyEnded = new java.util.ArrayDeque<>();
    private static final Duration ENDED_KEPT = Duration.ofSeconds(5);

    /** How long an output line waits for the report of the invocation it may belong to. */
    static final Duration OUTPUT_DELAY = Duration.ofMillis(250);
    /** Told to gateways with every batch: a new value means this scheduler restarted and holds none of their leases. */
    private final String schedulerId = UUID.randomUUID().toString();

    private final Object lock = new Object();
    private final Map<PoolKey, InstancePool> pools = new HashMap<>();
    private final Map<String, PoolKey> leasePools = new HashMap<>();
    private final Map<String, Running> running = new ConcurrentHashMap<>();
    private final Map<String, InvocationLog.Context> contexts = new ConcurrentHashMap<>();
    private final FunctionDirectory functions;
    private final InstanceProvider provider;
    private final InvocationLog invocations;
    private final SchedulerProperties properties;
    private final Clock clock;
    private final Counter coldStarts;
    private final Timer acquireLatency;
    private final MeterRegistry meters;
    private final ConcurrencyAccount account;
    private final RateBudget elasticStarts;
    private final RateBudget provisionedStarts;
    private final java.util.function.Supplier<List<ProvisionedConfig.Target>> provisionedTargets;
    private final java.util.function.ObjIntConsumer<ProvisionedConfig.Target> scheduledTarget;
    /** When each version's scheduled actions were last looked at (UTC wall clock): firings after it apply next. */
    private final Map<String, java.time.LocalDateTime> scheduleEvaluated = new ConcurrentHashMap<>();
    private final Map<String, Instant> trackingEvaluated = new ConcurrentHashMap<>();
    private final Map<String, Instant> trackingChanged = new ConcurrentHashMap<>();
    /** The admission of each instance serving several requests at once, held while any of its slots is leased. */
    private final Map<String, Held> instanceAdmissions = new ConcurrentHashMap<>();
    /** The admission each lease holds in the concurrency accounting, returned when the lease ends however it ends. */
    private final Map<String, Held> held = new ConcurrentHashMap<>();
    /** Instances being started, completed with their endpoint or the status of their failure, for the requests waiting. */
    private final Map<String, java.util.concurrent.CompletableFuture<Object>> starting = new ConcurrentHashMap<>();
    private final Counter throttled432;
    private final Counter throttled429;

    /**
     * What a lease holds: its admission (null when its instance holds one for all its requests), and where it runs (for
     * the invocations a gateway reports on it).
     */
    private record Held(ConcurrencyAccount.Counter counter, int memoryMb, ConcurrencyAccount.Admission admission, PoolKey pool,
                        String instanceId) {
    }

    public LeaseService(FunctionDirectory functions, InstanceProvider provider, InvocationLog invocations,
                        SchedulerProperties properties, Clock clock, MeterRegistry meters, ConcurrencyAccount account,
                        RateBudget elasticStarts, RateBudget provisionedStarts,
                        java.util.function.Supplier<List<ProvisionedConfig.Target>> provisionedTargets,
                        java.util.function.ObjIntConsumer<ProvisionedConfig.Target> scheduledTarget) {
        this.account = account;
        this.scheduledTarget = scheduledTarget;
        this.provisionedStarts = provisionedStarts;
        this.provisionedTargets = provisionedTargets;
        this.elasticStarts = elasticStarts;
        this.throttled432 = Counter.builder("faas.scheduler.throttles").tag("code", "432").description("invocations refused over the concurrency quota").register(meters);
        this.throttled429 = Counter.builder("faas.scheduler.throttles").tag("code", "429").description("invocations refused over the scale-up rate").register(meters);
        Gauge.builder("faas.scheduler.concurrent.executions", contexts, Map::size).description("invocations in flight (started, not ended)").register(meters);
        Gauge.builder("faas.scheduler.concurrency.shared.used.mb", account, ConcurrencyAccount::sharedInUseMb).description("MB of the shared pool in use").register(meters);
        this.functions = functions;
        this.provider = provider;
        this.invocations = invocations;
        this.properties = properties;
        this.clock = clock;
        this.meters = meters;
        this.coldStarts = Counter.builder("faas.scheduler.cold.starts").description("instances started for a request").register(meters);
        this.acquireLatency = Timer.builder("faas.scheduler.lease.acquire").description("time to grant or refuse a lease").register(meters);
        Gauge.builder("faas.scheduler.instances", running, Map::size).description("instances running").register(meters);
    }

    public Outcome acquire(LeaseRequest request) throws InterruptedException {
        Timer.Sample sample = Timer.start(meters);
        try {
            return doAcquire(request);
        } finally {
            sample.stop(acquireLatency);
        }
    }

    private Outcome doAcquire(LeaseRequest request) throws InterruptedException {
        long startMillis = clock.millis();
        if (request.refusedBy() != null) {
            instanceRefused(request.refusedBy());
        }
        // read before admission: a change made meanwhile makes the grant look older than it is, never newer
        long generation = account.generation();
        Optional<FunctionView> found;
        try {
            found = functions.view(request.namespace(), request.functionName(), request.version(), request.revision());
        } catch (IOException e) {
            log.warn("function-service unavailable for {}/{}: {}", request.namespace(), request.functionName(), e.toString());
            return new Refused(FunctionStatus.INTERNAL_ERROR, "function metadata unavailable");
        }
        if (found.isEmpty()) {
            return new Refused(FunctionStatus.FUNCTION_NOT_FOUND, "function " + request.functionName() + " version " + request.version() + " does not exist");
        }
        FunctionView fn = found.get();
        PoolKey key = new PoolKey(fn.namespace(), fn.name(), fn.version(), fn.revision());
        Duration ttl = ttl(fn);
        // concurrency is memory × instances in use (spec part 1 §11.3): with one request an instance, each lease holds
        // the function's memory; with several, the instance holds it once, from its first lease to its last
        ConcurrencyAccount.Counter counter = account.function(ConcurrencyConfig.key(fn.namespace(), fn.name()));
        boolean perInstance = fn.maxConcurrency() > 1;
        ConcurrencyAccount.Admission admission = perInstance ? null : counter.tryAcquire(fn.memoryMb());
        if (admission == ConcurrencyAccount.Admission.REFUSED) {
            throttled432.increment();
            return new Refused(FunctionStatus.RESOURCE_LIMIT_REACHED, "the concurrency quota of " + fn.namespace() + "/" + fn.name() + " is in use");
        }
        InstancePool.Acquisition acquisition;
        java.util.concurrent.CompletableFuture<Object> waitFor = null;
        synchronized (lock) {
            int slots = slots(fn);
            InstancePool pool = pools.computeIfAbsent(key, k -> new InstancePool(k, slots, LeaseService::newId));
            acquisition = pool.acquire(request.requestId(), clock.instant(), ttl);
            if (acquisition instanceof InstancePool.StartInstance s && !elasticStarts.tryTake(clock.millis())) {
                // no start budget left this minute: give the reserved slot back and refuse
                pool.instanceFailed(s.instanceId());
                if (pool.isEmpty()) {
                    pools.remove(key);
                }
                if (admission != null) {
                    counter.release(fn.memoryMb(), admission);
                }
                throttled429.increment();
                return new Refused(FunctionStatus.SCALE_UP_RATE_LIMIT, "the region started its " + properties.concurrency().elasticStartsPerMinute()
                        + " instances of this minute");
            }
            String instanceId = switch (acquisition) {
                case InstancePool.Warm w -> w.lease().instanceId();
                case InstancePool.StartInstance st -> st.instanceId();
                case InstancePool.WaitForInstance w -> w.instanceId();
            };
            if (perInstance && !instanceAdmissions.containsKey(instanceId)) {
                // the instance's first request: it now counts against the quota
                ConcurrencyAccount.Admission first = counter.tryAcquire(fn.memoryMb());
                if (first == ConcurrencyAccount.Admission.REFUSED) {
                    switch (acquisition) {
                        case InstancePool.StartInstance st -> pool.instanceFailed(st.instanceId());
                        case InstancePool.Warm w -> pool.release(w.lease().id(), clock.instant());
                        case InstancePool.WaitForInstance w -> pool.release(w.lease().id(), clock.instant());
                    }
                    boolean serving = pool.busySlots() > 0;
                    if (pool.isEmpty()) {
                        pools.remove(key);
                    }
                    if (serving) {
                        // the instances the quota allows are full (spec part 1 §7.2: limit 20, the 21st is refused)
                        throttled429.increment();
                        return new Refused(FunctionStatus.MAX_CONCURRENCY_LIMIT, "the instances of " + fn.namespace() + "/" + fn.name()
                                + " serve " + fn.maxConcurrency() + " requests each and the concurrency quota allows no other");
                    }
                    throttled432.increment();
                    return new Refused(FunctionStatus.RESOURCE_LIMIT_REACHED, "the concurrency quota of " + fn.namespace() + "/" + fn.name() + " is in use");
                }
                instanceAdmissions.put(instanceId, new Held(counter, fn.memoryMb(), first, key, instanceId));
            }
            Lease lease = switch (acquisition) {
                case InstancePool.Warm w -> w.lease();
                case InstancePool.StartInstance s -> {
                    starting.put(s.instanceId(), new java.util.concurrent.CompletableFuture<>());
                    yield s.lease();
                }
                case InstancePool.WaitForInstance w -> {
                    // taken under the lock: the start cannot have ended yet, as it ends by instanceReady under this lock
                    waitFor = starting.get(w.instanceId());
                    yield w.lease();
                }
            };
            leasePools.put(lease.id(), key);
            held.put(lease.id(), new Held(counter, fn.memoryMb(), admission, key, lease.instanceId()));
        }
        return switch (acquisition) {
            case InstancePool.Warm w -> {
                InvocationLog.Context context = context(key, request, w.lease(), fn, startMillis);
                started(context);
                yield new Granted(grant(w.lease(), w.endpoint(), fn, false, ttl, generation));
            }
            case InstancePool.StartInstance s -> coldStart(key, request, s, fn, ttl, startMillis, generation);
            case InstancePool.WaitForInstance w -> awaitStart(key, request, w, waitFor, fn, ttl, startMillis, generation);
        };
    }

    /**
     * A request that took a free slot of an instance still starting: it waits for that start (at most the init
     * timeout) instead of starting an instance of its own, and shares its outcome.
     */
    private Outcome awaitStart(PoolKey key, LeaseRequest request, InstancePool.WaitForInstance w,
                               java.util.concurrent.CompletableFuture<Object> start, FunctionView fn, Duration ttl,
                               long startMillis, long generation) throws InterruptedException {
        InvocationLog.Context context = context(key, request, w.lease(), fn, startMillis);
        Object outcome;
        try {
            outcome = start == null ? FunctionStatus.CONTAINER_EXITED_BY_USER
                    : start.get(fn.initTimeoutSeconds() + 5L, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            outcome = FunctionStatus.INTERNAL_ERROR;
        }
        if (outcome instanceof Endpoint endpoint) {
            started(context);
            return new Granted(grant(w.lease(), endpoint, fn, true, ttl, generation));
        }
        FunctionStatus status = (FunctionStatus) outcome;
        contexts.remove(w.lease().id());
        invocations.refused(context, status, clock.millis() - startMillis);
        return new Refused(status, "the instance this request waited for did not start");
    }

    /** Tells the requests waiting for an instance how its start ended: its endpoint, or the status of the failure. */
    private void startEnded(String instanceId, Object outcome) {
        java.util.concurrent.CompletableFuture<Object> start = starting.remove(instanceId);
        if (start != null) {
            start.complete(outcome);
        }
    }

    private Outcome coldStart(PoolKey key, LeaseRequest request, InstancePool.StartInstance s, FunctionView fn, Duration ttl,
                              long startMillis, long generation) throws InterruptedException {
        coldStarts.increment();
        InvocationLog.Context context = context(key, request, s.lease(), fn, startMillis);
        running.put(s.instanceId(), new Running(key, fn, context));
        InstanceProvider.Started started;
        try {
            started = provider.start(new InstanceProvider.Spec(s.instanceId(), key, fn, this));
        } catch (InstanceProvider.StartFailure failure) {
            startEnded(s.instanceId(), failure.status());
            forget(key, s.instanceId());
            contexts.remove(s.lease().id());
            log.info("instance {} of {} failed to start: {} ({})", s.instanceId(), key, failure.status().message(), failure.getMessage());
            invocations.refused(context, failure.status(), clock.millis() - startMillis);
            return new Refused(failure.status(), failure.getMessage());
        } catch (InterruptedException | RuntimeException e) {
            startEnded(s.instanceId(), FunctionStatus.INTERNAL_ERROR);
            forget(key, s.instanceId());
            contexts.remove(s.lease().id());
            provider.stop(s.instanceId(), "start abandoned");
            throw e;
        }
        List<Lease> activated;
        synchronized (lock) {
            InstancePool pool = pools.get(key);
            activated = pool == null ? List.of() : pool.instanceReady(s.instanceId(), started.endpoint(), clock.instant());
        }
        startEnded(s.instanceId(), activated.isEmpty() ? FunctionStatus.CONTAINER_EXITED_BY_USER : started.endpoint());
        if (activated.isEmpty()) {
            // it exited between listening and now
            contexts.remove(s.lease().id());
            invocations.refused(context, FunctionStatus.CONTAINER_EXITED_BY_USER, clock.millis() - startMillis);
            return new Refused(FunctionStatus.CONTAINER_EXITED_BY_USER, "the instance exited right after it started");
        }
        long total = started.pullCodeMillis() + started.initRuntimeMillis() + started.initFunctionMillis();
        invocations.initReport(context, total, started.pullCodeMillis(), started.initRuntimeMillis(), started.initFunctionMillis(),
                provider.memoryUsedMb(s.instanceId()));
        return new Granted(grant(s.lease(), started.endpoint(), fn, true, ttl, generation));
    }

    /** Ends a lease with what the gateway saw. Unknown leases (released twice, expired) are ignored. */
    public boolean release(String leaseId, LeaseRelease report) {
        InvocationLog.Context context = contexts.remove(leaseId);
        Optional<Lease> ended = releaseLease(leaseId);
        if (context != null) {
            ended(context, report.statusCode(), report.durationMillis(), clock.millis());
        }
        if (ended.isPresent()) {
            afterFailure(ended.get().instanceId(), report.statusCode());
        }
        return ended.isPresent() || context != null;
    }

    /**
     * What a gateway reports of the slots it holds (ADR 0004): the invocations it ran on them (their {@code START},
     * {@code END} and {@code Report} lines are written here, at the times they happened), the leases it gives back,
     * and those it keeps and renews. Invocations are taken first, in order, so an invocation's end is logged before
     * its lease is given back in the same batch.
     */
    public LeaseBatchResult batch(LeaseBatch batch) {
        List<String> unknown = new ArrayList<>();
        for (LeaseBatch.Invocation i : batch.invocations()) {
            if (!invocation(i)) {
                unknown.add(i.leaseId());
            }
        }
        for (String leaseId : batch.release()) {
            contexts.remove(leaseId);
            if (releaseLease(leaseId).isEmpty()) {
                unknown.add(leaseId);
            }
        }
        Map<String, Long> renewed = new HashMap<>();
        for (String leaseId : batch.renew()) {
            Optional<Lease> lease = renew(leaseId);
            if (lease.isPresent() && lease.get().expiresAt() != null) {
                renewed.put(leaseId, Math.max(0, lease.get().expiresAt().toEpochMilli() - clock.millis()));
            } else {
                unknown.add(leaseId);
            }
        }
        long since = clock.millis() - ENDED_KEPT.toMillis();
        List<String> endedLately;
        synchronized (recentlyEnded) {
            while (!recentlyEnded.isEmpty() && recentlyEnded.peekFirst().getValue() < since) {
                recentlyEnded.pollFirst();
            }
            endedLately = recentlyEnded.stream().map(Map.Entry::getKey).toList();
        }
        return new LeaseBatchResult(schedulerId, account.generation(), renewed, unknown.stream().distinct().toList(), endedLately);
    }

    private boolean invocation(LeaseBatch.Invocation i) {
        Held h = held.get(i.leaseId());
        switch (i.phase()) {
            case STARTED -> {
                if (h == null) {
                    return false;
                }
                InvocationLog.Context c = new InvocationLog.Context(h.pool(), i.requestId(), h.instanceId(), h.memoryMb(), i.atMillis(), i.alias());
                contexts.put(i.leaseId(), c);
                started(c);
                return true;
            }
            case COMPLETED -> {
                if (h == null) {
                    return false;
                }
                InvocationLog.Context c = new InvocationLog.Context(h.pool(), i.requestId(), h.instanceId(), h.memoryMb(), i.startedAtMillis(), i.alias());
                started(c);
                ended(c, i.statusCode(), i.durationMillis(), i.atMillis());
                afterFailure(c.instanceId(), i.statusCode());
                return true;
            }
            case ENDED -> {
                InvocationLog.Context c = contexts.get(i.leaseId());
                if (c != null && c.requestId().equals(i.requestId())) {
                    contexts.remove(i.leaseId(), c);
                } else if (h != null) {
                    c = new InvocationLog.Context(h.pool(), i.requestId(), h.instanceId(), h.memoryMb(), i.atMillis() - i.durationMillis(), null);
                } else {
                    return false;
                }
                ended(c, i.statusCode(), i.durationMillis(), i.atMillis());
                if (h != null) {
                    afterFailure(c.instanceId(), i.statusCode());
                }
                return true;
            }
        }
        return false;
    }

    /** An invocation began on an instance: its later output lines may be its own. */
    private void started(InvocationLog.Context c) {
        Running r = running.get(c.instanceId());
        if (r != null) {
            r.started(c);
        }
    }

    /** An invocation ended: its {@code END} and {@code Report}, and the end of its window on the instance's output. */
    private void ended(InvocationLog.Context c, int statusCode, long durationMillis, long atMillis) {
        invocations.end(c, statusCode, durationMillis, provider.memoryUsedMb(c.instanceId()), atMillis);
        // what Lambda shows as Invocations, Errors and Duration: a count, a sum and a max for each function and status
        Timer.builder("faas.invocations").description("invocations ended, by function, version and status, with their duration")
                .tags("namespace", c.pool().namespace(), "function", c.pool().function(), "version", c.pool().version(),
                        "status", Integer.toString(statusCode))
                .register(meters).record(durationMillis, java.util.concurrent.TimeUnit.MILLISECONDS);
        Running r = running.get(c.instanceId());
        if (r != null) {
            r.ended(c.requestId(), atMillis);
        }
    }

    /** Gives a lease's slot and admission back; empty when the lease is not held (released twice, expired). */
    private Optional<Lease> releaseLease(String leaseId) {
        Optional<Lease> ended;
        synchronized (lock) {
            PoolKey key = leasePools.remove(leaseId);
            InstancePool pool = key == null ? null : pools.get(key);
            ended = pool == null ? Optional.empty() : pool.release(leaseId, clock.instant());
        }
        returnAdmission(leaseId);
        return ended;
    }

    /**
     * A gateway found the instance refusing connections (it died, and its exit may not have been seen here yet): it
     * takes no more leases and is stopped, so the request that found it is placed elsewhere.
     */
    private void instanceRefused(String instanceId) {
        Running r = running.get(instanceId);
        if (r != null) {
            log.info("instance {} of {} refused a gateway's connection: it is replaced", instanceId, r.pool);
            forget(r.pool, instanceId);
            provider.stop(instanceId, "refused connections");
        }
    }

    /** After a timeout (433) or the memory limit (434), an instance serving one request at a time is replaced. */
    private void afterFailure(String instanceId, int statusCode) {
        if (statusCode != FunctionStatus.TIME_LIMIT_REACHED.statusCode() && statusCode != FunctionStatus.MEMORY_LIMIT_REACHED.statusCode()) {
            return;
        }
        // the instance may still be busy with the request that failed: replace it; its neighbours are untouched
        Running r = running.get(instanceId);
        // with several requests an instance, a timed-out one ends alone and its neighbours carry on (spec part 1 §7.2)
        boolean alone = r == null || r.function.maxConcurrency() <= 1;
        if (r != null && alone) {
            log.info("instance {} of {} is replaced after a {}", instanceId, r.pool, statusCode);
            forget(r.pool, instanceId);
        }
        if (alone) {
            provider.stop(instanceId, "failed with " + statusCode);
        }
    }

    /** Writes the instances' output lines that waited long enough to know the invocation they belong to. */
    public void attributeOutput() {
        long before = clock.millis() - OUTPUT_DELAY.toMillis();
        for (Running r : running.values()) {
            attribute(r, before);
        }
    }

    private void attribute(Running r, long beforeMillis) {
        for (var line : r.due(beforeMillis)) {
            invocations.user(line.getKey(), line.getValue().stream(), line.getValue().text(), line.getValue().atMillis());
        }
    }

    public Optional<Lease> renew(String leaseId) {
        synchronized (lock) {
            PoolKey key = leasePools.get(leaseId);
            InstancePool pool = key == null ? null : pools.get(key);
            return pool == null ? Optional.empty() : pool.renew(leaseId, clock.instant());
        }
    }

    /** Expires abandoned leases and stops instances idle past the idle timeout. Called on a fixed delay. */
    public void reap() {
        List<Instance> idle = new ArrayList<>();
        Instant now = clock.instant();
        synchronized (lock) {
            var it = pools.values().iterator();
            while (it.hasNext()) {
                InstancePool pool = it.next();
                for (Lease expired : pool.expire(now)) {
                    leasePools.remove(expired.id());
                    contexts.remove(expired.id());
                    returnAdmission(expired.id());
                    log.info("lease {} of request {} on {} expired", expired.id(), expired.requestId(), pool.key());
                }
                idle.addAll(pool.reclaimIdle(now, properties.idleTimeout()));
                if (pool.isEmpty()) {
                    it.remove();
                }
            }
        }
        for (Instance instance : idle) {
            running.remove(instance.id());
            provider.stop(instance.id(), "idle");
        }
        provider.sampleChildren();
        provision();
    }

    /**
     * Keeps each published version's provisioned instances at its target (spec part 1 §11.5): starts the missing ones
     * within the provisioned start budget (100 a minute, apart from the elastic one), replaces those that broke (they
     * left the pool), and hands surplus ones to idle reclaim. Starts run on their own threads; each logs its
     * {@code Provisioned Report}.
     */
    void provision() {
        List<ProvisionedConfig.Target> targets;
        try {
            targets = provisionedTargets.get();
        } catch (RuntimeException e) {
            log.debug("provisioned targets unavailable: {}", e.toString());
            return;
        }
        java.util.Set<PoolKey> wanted = new java.util.HashSet<>();
        for (ProvisionedConfig.Target configured : targets) {
            ProvisionedConfig.Target t = tracked(scheduled(configured));
            Optional<FunctionView> found;
            try {
                found = functions.view(t.namespace(), t.function(), t.qualifier(), 0);
            } catch (IOException e) {
                continue;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
            if (found.isEmpty()) {
                continue;
            }
            FunctionView fn = found.get();
            PoolKey key = new PoolKey(fn.namespace(), fn.name(), fn.version(), fn.revision());
            wanted.add(key);
            List<String> toStart = new ArrayList<>();
            synchronized (lock) {
                int slots = slots(fn);
                InstancePool pool = pools.computeIfAbsent(key, k -> new InstancePool(k, slots, LeaseService::newId));
                int count = pool.provisionedCount();
                while (count < t.instances() && provisionedStarts.tryTake(clock.millis())) {
                    String id = pool.startProvisioned(clock.instant());
                    starting.put(id, new java.util.concurrent.CompletableFuture<>());
                    toStart.add(id);
                    count++;
                }
                if (count > t.instances()) {
                    pool.unprovision(count - t.instances());
                }
            }
            for (String id : toStart) {
                Thread.ofVirtual().name("provision-" + id).start(() -> startProvisioned(key, fn, id));
            }
        }
        synchronized (lock) {
            for (InstancePool pool : pools.values()) {
                if (!wanted.contains(pool.key()) && pool.provisionedCount() > 0) {
                    pool.unprovision(pool.provisionedCount());
                }
            }
        }
    }

    /**
     * Applies the scheduled actions that fired since the last look (spec part 1 §11.6; same moment: the later action
     * wins), storing the new target. Cron times are UTC.
     */
    private ProvisionedConfig.Target scheduled(ProvisionedConfig.Target t) {
        java.time.LocalDateTime now = java.time.LocalDateTime.ofInstant(clock.instant(), java.time.ZoneOffset.UTC).withNano(0);
        java.time.LocalDateTime last = scheduleEvaluated.put(t.key(), now);
        if (last == null || t.actions().isEmpty() || !now.isAfter(last)) {
            return t;
        }
        var schedule = new dev.faas.scheduler.core.provisioned.ScheduledActions(t.actions().stream()
                .map(a -> new dev.faas.scheduler.core.provisioned.ScheduledActions.Action(a.name(), a.num().intValue(),
                        dev.faas.scheduler.core.provisioned.Cron7.parse(a.cron())))
                .toList());
        int instances = schedule.targetAfter(t.instances(), last, now);
        if (instances == t.instances()) {
            return t;
        }
        log.info("scheduled provisioning sets {} to {} instances", t.key(), instances);
        scheduledTarget.accept(t, instances);
        return t.withInstances(instances);
    }

    /**
     * Target tracking (spec part 1 §11.7): every 10 s, the version's target follows its requests in flight over the
     * target utilisation, within [min, max]; it falls only 10 minutes after the last change.
     */
    private ProvisionedConfig.Target tracked(ProvisionedConfig.Target t) {
        if (t.tracking() == null) {
            return t;
        }
        Instant now = clock.instant();
        Instant evaluated = trackingEvaluated.get(t.key());
        if (evaluated != null && now.isBefore(evaluated.plus(dev.faas.scheduler.core.provisioned.TargetTracking.EVALUATION_INTERVAL))) {
            return t;
        }
        trackingEvaluated.put(t.key(), now);
        long inFlight;
        // invocations in flight, not slots held: a gateway's idle cached slots are not concurrency
        inFlight = contexts.values().stream().map(InvocationLog.Context::pool).filter(k -> k.namespace().equals(t.namespace())
                && k.function().equals(t.function()) && k.version().equals(t.qualifier())).count();
        // the cooldown counts from the last change, or from when the target was first seen
        Instant lastChange = trackingChanged.computeIfAbsent(t.key(), k -> now);
        int next = t.tracking().rules().next(t.instances(), inFlight, lastChange, now);
        if (next == t.instances()) {
            return t;
        }
        log.info("target tracking sets {} to {} instances ({} in flight)", t.key(), next, inFlight);
        trackingChanged.put(t.key(), now);
        scheduledTarget.accept(t, next);
        return t.withInstances(next);
    }

    private void startProvisioned(PoolKey key, FunctionView fn, String instanceId) {
        InvocationLog.Context context = new InvocationLog.Context(key, newId(), instanceId, fn.memoryMb(), clock.millis(), null);
        running.put(instanceId, new Running(key, fn, context));
        try {
            InstanceProvider.Started started = provider.start(new InstanceProvider.Spec(instanceId, key, fn, this));
            synchronized (lock) {
                InstancePool pool = pools.get(key);
                if (pool != null) {
                    pool.instanceReady(instanceId, started.endpoint(), clock.instant());
                }
            }
            startEnded(instanceId, started.endpoint());
            long total = started.pullCodeMillis() + started.initRuntimeMillis() + started.initFunctionMillis();
            invocations.provisionedReport(context, total, started.pullCodeMillis(), started.initRuntimeMillis(), started.initFunctionMillis(),
                    provider.memoryUsedMb(instanceId));
        } catch (InstanceProvider.StartFailure failure) {
            startEnded(instanceId, failure.status());
            forget(key, instanceId);
            invocations.provisioningFailed(context, failure.status());
            log.info("provisioned instance {} of {} failed to start: {}", instanceId, key, failure.getMessage());
        } catch (InterruptedException e) {
            startEnded(instanceId, FunctionStatus.INTERNAL_ERROR);
            forget(key, instanceId);
        }
    }

    /** Provisioned instances of a version: how many are ready and how many are kept (starting or ready). */
    public int[] provisioned(String namespace, String function, String version) {
        synchronized (lock) {
            int ready = 0;
            int kept = 0;
            for (InstancePool pool : pools.values()) {
                PoolKey k = pool.key();
                if (k.namespace().equals(namespace) && k.function().equals(function) && k.version().equals(version)) {
                    ready += pool.provisionedReady();
                    kept += pool.provisionedCount();
                }
            }
            return new int[] {ready, kept};
        }
    }

    public Optional<FunctionStatus> exitReason(String instanceId, Duration wait) throws InterruptedException {
        return provider.exitReason(instanceId, wait);
    }

    /** Invocations in flight (started, not ended) by instance id. */
    public Map<String, Long> invocationsByInstance() {
        return contexts.values().stream().collect(java.util.stream.Collectors.groupingBy(InvocationLog.Context::instanceId,
                java.util.stream.Collectors.counting()));
    }

    public List<Instance> instances() {
        synchronized (lock) {
            return pools.values().stream().flatMap(p -> p.instances().stream()).toList();
        }
    }

    @Override
    public void output(String instanceId, String stream, String line) {
        Running r = running.get(instanceId);
        if (r != null) {
            r.line(clock.millis(), stream, line);
        }
    }

    @Override
    public void exited(String instanceId, int exitCode) {
        Running r = running.remove(instanceId);
        if (r != null) {
            // what it printed last has no later invocation to wait for
            attribute(r, Long.MAX_VALUE);
            log.info("instance {} of {} exited with {}", instanceId, r.pool, exitCode);
            forget(r.pool, instanceId);
        }
    }

    private void forget(PoolKey key, String instanceId) {
        Running gone = running.remove(instanceId);
        if (gone != null) {
            attribute(gone, Long.MAX_VALUE);
        }
        synchronized (lock) {
            InstancePool pool = pools.get(key);
            if (pool != null) {
                pool.instanceFailed(instanceId).forEach(l -> {
                    leasePools.remove(l.id());
                    returnAdmission(l.id());
                    synchronized (recentlyEnded) {
                        recentlyEnded.addLast(Map.entry(l.id(), clock.millis()));
                    }
                });
                if (pool.isEmpty()) {
                    pools.remove(key);
                }
            }
        }
    }

    /**
     * Gives a lease's admission back to the accounting, once: leases end by release, expiry or their instance's end.
     * An instance serving several requests gives its admission back with its last lease.
     */
    private void returnAdmission(String leaseId) {
        Held h = held.remove(leaseId);
        if (h == null) {
            return;
        }
        if (h.admission() != null) {
            h.counter().release(h.memoryMb(), h.admission());
            return;
        }
        synchronized (lock) {
            InstancePool pool = pools.get(h.pool());
            if (pool == null || pool.busy(h.instanceId()) == 0) {
                Held instance = instanceAdmissions.remove(h.instanceId());
                if (instance != null) {
                    instance.counter().release(instance.memoryMb(), instance.admission());
                }
            }
        }
    }

    private InvocationLog.Context context(PoolKey key, LeaseRequest request, Lease lease, FunctionView fn, long startMillis) {
        InvocationLog.Context context = new InvocationLog.Context(key, request.requestId(), lease.instanceId(), fn.memoryMb(), startMillis, request.alias());
        contexts.put(lease.id(), context);
        return context;
    }

    private Duration ttl(FunctionView fn) {
        Duration byTimeout = Duration.ofSeconds(fn.timeoutSeconds()).plus(properties.leaseGrace());
        return byTimeout.compareTo(properties.leaseTtl()) > 0 ? byTimeout : properties.leaseTtl();
    }

    private LeaseGrant grant(Lease lease, Endpoint endpoint, FunctionView fn, boolean cold, Duration ttl, long generation) {
        return new LeaseGrant(lease.id(), lease.instanceId(), endpoint.host(), endpoint.port(), lease.pool().version(),
                fn.memoryMb(), fn.timeoutSeconds(), cold, ttl.toMillis(), schedulerId, generation, slots(fn));
    }

    /** The requests one instance of {@code fn} serves at once: its InstanceConcurrencyConfig, else the default. */
    private int slots(FunctionView fn) {
        return fn.maxConcurrency() > 1 ? fn.maxConcurrency() : properties.slotsPerInstance();
    }

    private static String newId() {
        return UUID.randomUUID().toString();
    }
}
