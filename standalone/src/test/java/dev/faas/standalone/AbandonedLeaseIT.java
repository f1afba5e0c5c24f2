package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpResponse;
import java.nio.file.Path;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faas.testsupport.Eventually;
import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;

/**
 * A lease whose holder goes away (a gateway that died mid-request: it never releases) ends after its TTL, and both
 * the instance's slot and the quota it held come back. The test takes leases from the scheduler as a gateway does
 * and then drops them; short lease times make the TTL 2 s.
 */
class AbandonedLeaseIT {
    private static StandalonePlatform platform;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatforms.start("faas-abandoned", "--faas.scheduler.lease-ttl=2s", "--faas.scheduler.lease-grace=1s");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void anAbandonedLease_expiresAfterItsTtl_andItsSlotAndQuotaReturn() throws Exception {
        Http api = TestPlatforms.adminApi(platform);
        String zip = ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64();
        assertThat(api.post("/api/v1/namespaces/default/functions",
                "{\"FunctionName\":\"orphaned\",\"Type\":\"HTTP\",\"Timeout\":1,\"Code\":{\"ZipFile\":\"" + zip + "\"}}").statusCode()).isEqualTo(201);
        Api3Clients.admin(platform).call("PutReservedConcurrencyConfig", "{\"FunctionName\":\"orphaned\",\"ReservedConcurrencyMem\":128}");

        Http scheduler = Http.at(platform.ports().scheduler());
        String lease = "{\"requestId\":\"%s\",\"namespace\":\"default\",\"functionName\":\"orphaned\",\"version\":\"$LATEST\",\"revision\":0}";
        HttpResponse<String> held = scheduler.post("/internal/v1/leases", lease.formatted("held-by-a-dead-gateway"));
        assertThat(held.statusCode()).as(held.body()).isEqualTo(200);
        String instance = Http.json(held).get("instanceId").asString();
        // its holder never releases it: while it lives, the 128 MB reservation is in use
        HttpResponse<String> refused = scheduler.post("/internal/v1/leases", lease.formatted("while-held"));
        assertThat(refused.statusCode()).isEqualTo(432);

        java.util.concurrent.atomic.AtomicReference<HttpResponse<String>> after = new java.util.concurrent.atomic.AtomicReference<>();
        Eventually.await("the abandoned lease to expire", () -> {
            after.set(scheduler.post("/internal/v1/leases", lease.formatted("after-expiry")));
            return after.get().statusCode() == 200;
        });
        assertThat(Http.json(after.get()).get("instanceId").asString()).as("the same instance, its slot free again").isEqualTo(instance);
        assertThat(Http.json(after.get()).get("coldStart").asBoolean()).isFalse();
    }
}
