package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faas.testsupport.Http;

/**
 * The platform stopping while a request runs on the gateway's warm path: Reactor Netty's graceful shutdown does not
 * see it (its connection looks idle there) and would close its connection; the gateway waits for it first, so the
 * client gets the whole response.
 */
class WarmPathShutdownIT {
    private static StandalonePlatform platform;
    private static Http api;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatforms.start("faas-warm-stop", "--faas.gateway.slots.linger=120s");
        api = TestPlatforms.adminApi(platform);
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void aStreamOnTheWarmPath_endsWhole_whenThePlatformStopsMidway() throws Exception {
        String url = PythonWebFunction.deploy(api, "streams-on", ",\"Timeout\":30,\"InstanceConcurrencyConfig\":{\"MaxConcurrency\":8},"
                + "\"Environment\":{\"Variables\":[{\"Key\":\"THREADED\",\"Value\":\"1\"}]}");
        assertThat(api.get(url + "cold").statusCode()).isEqualTo(200);
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics).contains("faas_gateway_warm_requests_total 0.0");
        HttpResponse<InputStream> response = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build()
                .send(api.builder(url + "events?sse=4&gap_ms=600").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        List<String> events = new ArrayList<>();
        CompletableFuture<Void> stopping = null;
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            for (String line = lines.readLine(); line != null; line = lines.readLine()) {
                if (line.startsWith("data: ")) {
                    events.add(line);
                    if (stopping == null) {
                        assertThat(api.get("/actuator/prometheus").body()).as("on the warm path").contains("faas_gateway_warm_requests_total 1.0");
                        stopping = CompletableFuture.runAsync(platform::close); // after the first event, mid-stream
                    }
                }
            }
        }
        assertThat(events).as("every event, then the stream's end").hasSize(4);
        assertThat(stopping).isNotNull();
        stopping.get(60, TimeUnit.SECONDS);
    }
}
