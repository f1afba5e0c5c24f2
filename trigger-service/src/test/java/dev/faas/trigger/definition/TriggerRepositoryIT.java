package dev.faas.trigger.definition;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.dao.DuplicateKeyException;

import dev.faas.testsupport.Http;
import dev.faas.testsupport.spring.WithTestDatabase;

/** trigger-service against a real Postgres: its migration, repository and read API. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=trigger-service")
@WithTestDatabase
class TriggerRepositoryIT {

    @LocalServerPort
    int port;

    @Autowired
    TriggerRepository triggers;

    private static TriggerDefinition timer(String name) {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        return new TriggerDefinition(UUID.randomUUID(), "default", "fn", "$DEFAULT", name, "timer",
                "{\"cron\":\"0 */5 * * * * *\"}", true, now, now, null);
    }

    @Test
    void storesFindsCountsAndDeletesTriggers_andRefusesADuplicateName() {
        TriggerDefinition t = timer("every-5-min");
        triggers.insert(t);
        assertThat(triggers.find("default", "fn", "every-5-min")).get().satisfies(found -> {
            assertThat(found.id()).isEqualTo(t.id());
            assertThat(found.descJson()).contains("\"cron\"");
            assertThat(found.createdAt()).isEqualTo(t.createdAt());
        });
        assertThat(triggers.countOfType("default", "fn", "timer")).isEqualTo(1);
        assertThatThrownBy(() -> triggers.insert(timer("every-5-min"))).isInstanceOf(DuplicateKeyException.class);

        var listed = Http.json(Http.at(port).get("/api/v1/namespaces/default/functions/fn/triggers")).at("/Response/Triggers");
        assertThat(listed).hasSize(1);
        assertThat(listed.get(0).get("TriggerName").asString()).isEqualTo("every-5-min");
        assertThat(listed.get(0).get("Enable").asInt()).isEqualTo(1);

        assertThat(triggers.delete("default", "fn", "every-5-min")).isTrue();
        assertThat(triggers.delete("default", "fn", "every-5-min")).isFalse();
        assertThat(triggers.ofFunction("default", "fn")).isEmpty();
    }

    @Test
    void healthProbesAndPrometheusAreServed() {
        Http http = Http.at(port);
        assertThat(http.get("/actuator/health/liveness").statusCode()).isEqualTo(200);
        assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        var prometheus = http.get("/actuator/prometheus");
        assertThat(prometheus.statusCode()).isEqualTo(200);
        assertThat(prometheus.body()).contains("jvm_memory_used_bytes");
    }
}
