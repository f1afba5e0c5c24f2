package dev.faas.scheduler.logs;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import dev.faas.contracts.log.InvocationRecord;
import dev.faas.contracts.log.LogBatch;
import dev.faas.contracts.log.LogRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import tools.jackson.databind.ObjectMapper;

/**
 * Ships log records and invocation records to log-service in batches from a bounded queue (DESIGN.md §3): an
 * invocation never waits for logging. A batch goes when it holds {@value #BATCH} records or {@link #LINGER} after its
 * first record, whichever comes first: under load that is a few deliveries a second to log-service instead of one for
 * every report the gateways send (each delivery is an HTTP request, a JSON body and a transaction). When the queue is
 * full, or log-service stays away through three attempts, records are dropped and counted
 * ({@code faas_logs_dropped_total}).
 */
public final class LogShipper implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(LogShipper.class);
    static final int BATCH = 500;
    static final Duration LINGER = Duration.ofMillis(200);
    /** Wakes the worker to stop; never shipped. */
    private static final Object WAKE = new Object();
    private final BlockingQueue<Object> queue = new ArrayBlockingQueue<>(20_000);
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final URI endpoint;
    private final ObjectMapper json;
    private final Counter dropped;
    private final Counter shipped;
    private final long lingerNanos;
    private final Thread worker;
    private volatile boolean running = true;
    /** The records in the batch being filled, for {@link #offer} to tell when it is full. */
    private volatile int filling;

    public LogShipper(String logServiceUrl, ObjectMapper json, MeterRegistry meters) {
        this(logServiceUrl, json, meters, LINGER);
    }

    LogShipper(String logServiceUrl, ObjectMapper json, MeterRegistry meters, Duration linger) {
        this.lingerNanos = linger.toNanos();
        this.endpoint = URI.create(logServiceUrl.replaceAll("/+$", "") + "/internal/v1/logs");
        this.json = json;
        this.dropped = Counter.builder("faas.logs.dropped").description("log records dropped: queue full or log-service away").register(meters);
        this.shipped = Counter.builder("faas.logs.shipped").description("log and invocation records delivered to log-service").register(meters);
        this.worker = Thread.ofPlatform().daemon().name("log-shipper").start(this::run);
    }

    public void ship(LogRecord record) {
        offer(record);
    }

    public void ship(InvocationRecord invocation) {
        offer(invocation);
    }

    private void offer(Object record) {
        if (!queue.offer(record)) {
            dropped.increment();
        } else if (queue.size() + filling >= BATCH) {
            LockSupport.unpark(worker); // a full batch need not wait out the linger
        }
    }

    private void run() {
        List<Object> batch = new ArrayList<>(BATCH);
        while (running || !queue.isEmpty()) {
            try {
                Object first = running ? queue.take() : queue.poll();
                if (first == null || first == WAKE) {
                    continue;
                }
                batch.add(first);
                fill(batch, System.nanoTime() + lingerNanos);
                send(batch);
            } catch (InterruptedException e) {
                // only take() waits interruptibly, before anything is in the batch; a stop wakes the worker with WAKE
            } finally {
                batch.clear();
            }
        }
    }

    /**
     * Adds what comes until the batch is full or the deadline passes; once stopping, only what is queued. The worker
     * sleeps through the linger rather than waiting on the queue, which would wake it for every record offered;
     * {@link #offer} wakes it early for a full batch, {@link #close} to stop.
     */
    private void fill(List<Object> batch, long deadline) {
        while (true) {
            queue.drainTo(batch, BATCH - batch.size());
            filling = batch.size();
            long left = deadline - System.nanoTime();
            if (batch.size() >= BATCH || left <= 0 || !running) {
                filling = 0;
                return;
            }
            // what came while draining is drained now; what comes after this check sees filling and wakes the worker
            if (queue.isEmpty()) {
                LockSupport.parkNanos(this, left);
            }
        }
    }

    private void send(List<Object> batch) {
        List<LogRecord> records = new ArrayList<>(batch.size());
        List<InvocationRecord> invocations = new ArrayList<>(batch.size());
        for (Object o : batch) {
            if (o instanceof InvocationRecord i) {
                invocations.add(i);
            } else if (o instanceof LogRecord r) {
                records.add(r);
            }
        }
        int count = records.size() + invocations.size();
        if (count == 0) {
            return;
        }
        byte[] body = json.writeValueAsBytes(new LogBatch(records, invocations));
        for (int attempt = 0; attempt < 3; attempt++) {
            try {
                HttpResponse<Void> response = http.send(HttpRequest.newBuilder(endpoint).timeout(Duration.ofSeconds(5))
                        .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(),
                        HttpResponse.BodyHandlers.discarding());
                if (response.statusCode() / 100 == 2) {
                    shipped.increment(count);
                    return;
                }
            } catch (java.io.IOException e) {
                // retried below
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            try {
                Thread.sleep(100L << attempt);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        log.warn("dropped {} log records: log-service at {} did not take them", count, endpoint);
        dropped.increment(count);
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        queue.offer(WAKE); // not an interrupt: that would cut a delivery short and drop what is left
        LockSupport.unpark(worker);
        worker.join(5000);
    }
}
