package dev.faas.gateway.keys;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import dev.faas.testsupport.Http;
import dev.faas.testsupport.spring.WithTestDatabase;

/** gateway-service against a real Postgres: its migration and key repository; its health and metrics endpoints. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
        "spring.config.name=gateway-service",
        "faas.gateway.function-service-url=http://127.0.0.1:1",
        "faas.gateway.scheduler-url=http://127.0.0.1:1",
        "faas.gateway.keys.master-key=MDEyMzQ1Njc4OWFiY2RlZjAxMjM0NTY3ODlhYmNkZWY="})
@WithTestDatabase
class AccessKeyRepositoryIT {

    @LocalServerPort
    int port;

    @Autowired
    AccessKeyRepository keys;

    @Autowired
    AccessKeys accessKeys;

    @Test
    void storesFindsDisablesAndDeletesKeys() {
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        keys.insert(new AccessKeyRepository.AccessKey("AKIDtest", new byte[] {1, 2, 3}, "100000000001", "ci", "Enabled", now));
        assertThat(keys.find("AKIDtest")).get().satisfies(k -> {
            assertThat(k.secretKeyEncrypted()).containsExactly(1, 2, 3);
            assertThat(k.status()).isEqualTo("Enabled");
            assertThat(k.createdAt()).isEqualTo(now);
        });
        assertThat(keys.setStatus("AKIDtest", "Disabled")).isTrue();
        assertThat(keys.find("AKIDtest")).get().extracting(AccessKeyRepository.AccessKey::status).isEqualTo("Disabled");
        assertThat(keys.ids()).containsExactly("AKIDtest");
        assertThat(keys.delete("AKIDtest")).isTrue();
        assertThat(keys.find("AKIDtest")).isEmpty();
    }

    @Test
    void functionUrlWhileFunctionServiceIsAway_failsFastWithScfInternalError() {
        Http http = Http.at(port);
        var response = http.get("/fn/nosuchurl/x");
        assertThat(response.statusCode()).isEqualTo(500);
        assertThat(Http.json(response).get("errorMessage").asString()).isEqualTo("InternalError");
        assertThat(Http.json(response).get("statusCode").asInt()).isEqualTo(500);
        assertThat(http.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        // the edge's metrics take a key, as the REST API
        assertThat(http.get("/actuator/prometheus").statusCode()).isEqualTo(401);
        AccessKeys.NewKey scraper = accessKeys.create("100000000001", "prometheus");
        assertThat(Http.at(port).withApiKey(scraper.secretId(), scraper.secretKey()).get("/actuator/prometheus").body()).contains("jvm_memory_used_bytes");
    }

    @Test
    void theKeyApi_createsAKeyWhoseSecretIsShownOnce_andDisablesIt() {
        assertThat(Http.at(port).get("/api/v1/keys").statusCode()).as("the REST API needs a key").isEqualTo(401);
        AccessKeys.NewKey operator = accessKeys.create("100000000001", "operator");
        Http http = Http.at(port).withApiKey(operator.secretId(), operator.secretKey());
        var created = http.post("/api/v1/keys", "{\"Description\":\"ci key\"}");
        assertThat(created.statusCode()).isEqualTo(201);
        String id = Http.json(created).at("/Response/SecretId").asString();
        String secret = Http.json(created).at("/Response/SecretKey").asString();
        assertThat(id).startsWith("AKID").hasSize(36);
        assertThat(secret).hasSize(40);
        assertThat(keys.find(id)).get().extracting(k -> new String(k.secretKeyEncrypted(), java.nio.charset.StandardCharsets.ISO_8859_1))
                .asString().doesNotContain(secret);

        var listed = http.get("/api/v1/keys");
        assertThat(listed.body()).contains(id).doesNotContain(secret);

        assertThat(http.post("/api/v1/keys/" + id + "/disable", "").statusCode()).isEqualTo(200);
        assertThat(keys.find(id)).get().extracting(AccessKeyRepository.AccessKey::status).isEqualTo("Disabled");
        assertThat(http.delete("/api/v1/keys/" + id).statusCode()).isEqualTo(200);
        assertThat(http.delete("/api/v1/keys/" + id).statusCode()).isEqualTo(404);
    }
}
