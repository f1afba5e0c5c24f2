package dev.faas.scheduler.instance;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Clock;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import dev.faas.scheduler.core.PoolKey;
import dev.faas.testsupport.spring.WithTestDatabase;

/** scheduler-service against a real Postgres: its migration, the instance repository and the reaping of orphans. */
@SpringBootTest(properties = {
        "spring.config.name=scheduler-service",
        "faas.scheduler.function-service-url=http://127.0.0.1:1",
        "faas.scheduler.log-service-url=http://127.0.0.1:1",
        "faas.scheduler.local.create-lang-links=false"})
@WithTestDatabase
class InstanceRepositoryIT {
    private static final PoolKey POOL = new PoolKey("default", "fn", "$LATEST", 3);

    @Autowired
    InstanceRepository instances;

    @Autowired
    JdbcClient jdbc;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        registry.add("faas.scheduler.local.work-dir", () -> System.getProperty("java.io.tmpdir") + "/faas-scheduler-it");
    }

    @Test
    void recordsStartAndStop() {
        Instant at = Instant.parse("2026-12-03T10:00:00Z");
        instances.started("i-record", POOL, "local", "127.0.0.1", 40000, 12345, at, at);
        assertThat(instances.running("local")).extracting(InstanceRepository.Running::id).contains("i-record");
        instances.stopped("i-record", at.plusSeconds(60), "idle");
        assertThat(instances.running("local")).extracting(InstanceRepository.Running::id).doesNotContain("i-record");
        assertThat(jdbc.sql("SELECT stop_reason FROM scheduler.instance WHERE id = 'i-record'").query(String.class).single()).isEqualTo("idle");
        assertThat(jdbc.sql("SELECT revision FROM scheduler.instance WHERE id = 'i-record'").query(Long.class).single()).isEqualTo(3L);
    }

    @Test
    void aProcessLeftRunningByAnEarlierScheduler_isKilledAtTheNextStart_butAReusedPidIsSpared() throws Exception {
        Process orphan = new ProcessBuilder("sleep", "600").start();
        Process stranger = new ProcessBuilder("sleep", "600").start();
        try {
            Instant now = Instant.now();
            instances.started("i-orphan", POOL, "local", "127.0.0.1", 40001, orphan.pid(), orphan.info().startInstant().orElseThrow(), now);
            // same pid as a live process but another start time: the recorded process is gone and its pid reused
            instances.started("i-reused", POOL, "local", "127.0.0.1", 40002, stranger.pid(), Instant.parse("2020-01-01T00:00:00Z"), now);

            int reaped = OrphanReaper.reap(instances, Clock.systemUTC());

            assertThat(reaped).isEqualTo(1);
            assertThat(orphan.waitFor(10, TimeUnit.SECONDS)).isTrue();
            assertThat(stranger.isAlive()).isTrue();
            assertThat(instances.running("local")).extracting(InstanceRepository.Running::id).doesNotContain("i-orphan", "i-reused");
        } finally {
            orphan.destroyForcibly();
            stranger.destroyForcibly();
        }
    }
}
