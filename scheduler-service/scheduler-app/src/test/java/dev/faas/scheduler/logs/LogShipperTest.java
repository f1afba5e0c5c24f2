package dev.faas.scheduler.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import com.sun.net.httpserver.HttpServer;

import dev.faas.contracts.log.LogBatch;
import dev.faas.contracts.log.LogRecord;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.json.JsonMapper;

/** The shipper against an HTTP server on loopback standing in for log-service's delivery endpoint. */
class LogShipperTest {
    private final ObjectMapper json = JsonMapper.builder().build();
    private final LinkedBlockingQueue<LogBatch> delivered = new LinkedBlockingQueue<>();
    private HttpServer logService;

    @BeforeEach
    void start() throws Exception {
        logService = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        logService.createContext("/internal/v1/logs", exchange -> {
            delivered.add(json.readValue(exchange.getRequestBody().readAllBytes(), LogBatch.class));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        logService.start();
    }

    @AfterEach
    void stop() {
        logService.stop(0);
    }

    private LogShipper shipper(Duration linger) {
        return new LogShipper("http://127.0.0.1:" + logService.getAddress().getPort() + "/", json, new SimpleMeterRegistry(), linger);
    }

    private static LogRecord line(int i) {
        return new LogRecord("default", "fn", "$LATEST", null, "req-" + i, LogRecord.CUSTOM, "INFO", "line " + i, i, null, null,
                null, null, null, 0, "ins-1");
    }

    @Test
    void recordsThatComeWithinTheLinger_goAsOneDelivery() throws Exception {
        try (LogShipper shipper = shipper(Duration.ofSeconds(2))) {
            for (int i = 0; i < 50; i++) {
                shipper.ship(line(i));
            }
            LogBatch batch = delivered.poll(10, TimeUnit.SECONDS);
            assertThat(batch).isNotNull();
            assertThat(batch.records()).extracting(LogRecord::requestId).hasSize(50).startsWith("req-0").endsWith("req-49");
        }
    }

    @Test
    void aFullBatch_goesWithoutWaitingOutTheLinger_andClosingSendsTheRest() throws Exception {
        LogShipper shipper = shipper(Duration.ofHours(1));
        for (int i = 0; i < LogShipper.BATCH + 100; i++) {
            shipper.ship(line(i));
        }
        LogBatch full = delivered.poll(10, TimeUnit.SECONDS);
        assertThat(full).as("a full batch within the hour's linger").isNotNull();
        assertThat(full.records()).hasSize(LogShipper.BATCH);

        shipper.close();
        LogBatch rest = delivered.poll(10, TimeUnit.SECONDS);
        assertThat(rest).as("the rest, sent on close").isNotNull();
        assertThat(List.of(full.records().getLast().requestId(), rest.records().getFirst().requestId()))
                .containsExactly("req-" + (LogShipper.BATCH - 1), "req-" + LogShipper.BATCH);
        assertThat(rest.records()).hasSize(100);
    }
}
