package dev.faas.standalone;

import static dev.faas.standalone.FunctionUrlChecks.assertScfStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;

/**
 * The failure codes of an invocation, from a function written to misbehave on request (python-web: {@code sleep_ms},
 * {@code bytes}, {@code exit}): each comes back with SCF's status and body, and the instance that failed is replaced.
 */
class FailureCodesIT {
    private static StandalonePlatform platform;
    private static Http api;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatforms.start("faas-failures");
        api = TestPlatforms.adminApi(platform);
        String zip = ZipBuilder.directory(Path.of("src/test/resources/functions/python-web")).base64();
        HttpResponse<String> created = api.post("/api/v1/namespaces/default/functions",
                "{\"FunctionName\":\"misbehaves\",\"Type\":\"HTTP\",\"Timeout\":1,\"Code\":{\"ZipFile\":\"" + zip + "\"}}");
        url = "/fn/" + Http.json(created).at("/Response/FunctionUrl/UrlId").asString() + "/";
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void runningPastTheTimeout_is433_andTheInstanceIsReplaced() {
        long before = Http.json(api.get(url)).get("pid").asLong();
        assertScfStatus(api.get(url + "?sleep_ms=3000"), 433, "TimeLimitReached");
        HttpResponse<String> next = api.get(url);
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(Http.json(next).get("pid").asLong()).as("a new instance, not the one still sleeping").isNotEqualTo(before);
    }

    @Test
    void everyEndedInvocation_isCountedByFunctionAndStatus_withItsDuration() {
        Http scheduler = Http.at(platform.ports().scheduler());
        assertThat(api.get(url).statusCode()).isEqualTo(200);
        assertThat(api.get(url + "?status=418&sleep_ms=50").statusCode()).isEqualTo(418);
        String series = "faas_invocations_seconds_%s{function=\"misbehaves\",namespace=\"default\",status=\"418\",version=\"$LATEST\"}";
        dev.faas.testsupport.Eventually.await("the 418 to be counted", () -> scheduler.get("/actuator/prometheus").body().contains(series.formatted("count")));
        String metrics = scheduler.get("/actuator/prometheus").body();
        assertThat(value(metrics, series.formatted("count"))).isEqualTo(1.0);
        assertThat(metrics).contains("faas_invocations_seconds_count{function=\"misbehaves\",namespace=\"default\",status=\"200\",version=\"$LATEST\"}");
        assertThat(value(metrics, series.formatted("sum"))).as("its duration in seconds, the 50 ms sleep included").isGreaterThanOrEqualTo(0.05);
    }

    @Test
    void theGatewaysRouteMetrics_andItsClientMetrics_bothReachPrometheus() {
        // a REST call (a Spring Cloud Gateway route to function-service) and a call that needs a lease (the gateway's
        // own WebClient to the scheduler): their meters had the same name and Prometheus dropped one set
        assertThat(api.get("/api/v1/namespaces/default/functions/misbehaves").statusCode()).isEqualTo(200);
        assertThat(api.get(url + "?metrics=1").statusCode()).isEqualTo(200);
        String metrics = api.get("/actuator/prometheus").body();
        assertThat(metrics).contains("spring_cloud_gateway_http_client_requests_seconds_count{");
        // the edge's metrics name every function: only for a key holder; the probes stay open
        Http anonymous = new Http(platform.gatewayUrl());
        HttpResponse<String> refused = anonymous.get("/actuator/prometheus");
        assertThat(refused.statusCode()).isEqualTo(401);
        assertThat(Http.errorCode(refused)).isEqualTo("AuthFailure.InvalidAuthorization");
        assertThat(anonymous.get("/actuator/health/readiness").statusCode()).isEqualTo(200);
        assertThat(metrics.lines().filter(l -> l.startsWith("spring_cloud_gateway_http_client_requests_seconds_count{"))
                .anyMatch(l -> l.contains("spring_cloud_gateway_route_id=\"functions\""))).as(metrics).isTrue();
        assertThat(metrics.lines().filter(l -> l.startsWith("http_client_requests_seconds_count{")).anyMatch(l -> l.contains("client_name=")))
                .as("the gateway's WebClient calls").isTrue();
    }

    private static double value(String metrics, String series) {
        return Double.parseDouble(metrics.lines().filter(l -> l.startsWith(series + " ")).findFirst().orElseThrow(() -> new AssertionError(series))
                .substring(series.length()).trim());
    }

    @Test
    void aRequestBodyOver6Mb_is406_withOrWithoutALength() {
        byte[] big = new byte[6 * 1024 * 1024 + 1];
        assertScfStatus(api.send(api.builder(url).POST(HttpRequest.BodyPublishers.ofByteArray(big))), 406, "RequestTooLarge");
        assertScfStatus(api.send(api.builder(url).POST(HttpRequest.BodyPublishers.ofInputStream(() -> new ByteArrayInputStream(big)))),
                406, "RequestTooLarge");
        HttpResponse<String> fits = api.send(api.builder(url).POST(HttpRequest.BodyPublishers.ofByteArray(new byte[6 * 1024 * 1024])));
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(Http.json(fits).get("received").asLong()).isEqualTo(6 * 1024 * 1024);
    }

    @Test
    void aResponseBodyOver6Mb_is407() {
        assertScfStatus(api.get(url + "?bytes=" + (6 * 1024 * 1024 + 1)), 407, "The HTTP response body exceeds the size limit.");
        HttpResponse<String> fits = api.get(url + "?bytes=" + (6 * 1024 * 1024));
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(fits.body()).hasSize(6 * 1024 * 1024);
    }

    @Test
    void aProcessThatExitsWhileRunning_is439_andTheNextCallGetsANewInstance() {
        assertScfStatus(api.get(url + "?exit=3"), 439, "User process exit when running");
        assertThat(api.get(url).statusCode()).isEqualTo(200);
    }

    @Test
    void withSeveralRequestsAnInstance_requestsDuringTheColdStartShareIt_andTheNextOneStartsAnother() throws Exception {
        String zip = ZipBuilder.directory(Path.of("src/test/resources/functions/node-web")).base64();
        HttpResponse<String> created = api.post("/api/v1/namespaces/default/functions", "{\"FunctionName\":\"shared-instance\",\"Type\":\"HTTP\","
                + "\"Timeout\":30,\"InstanceConcurrencyConfig\":{\"MaxConcurrency\":2},\"Code\":{\"ZipFile\":\"" + zip + "\"}}");
        String shared = "/fn/" + Http.json(created).at("/Response/FunctionUrl/UrlId").asString() + "/?sleep_ms=1500";
        var client = java.net.http.HttpClient.newHttpClient();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> calls = new java.util.ArrayList<>();
        for (int i = 0; i < 3; i++) {
            calls.add(client.sendAsync(api.builder(shared).build(), HttpResponse.BodyHandlers.ofString()));
        }
        java.util.Map<Long, Integer> byPid = new java.util.TreeMap<>();
        for (var call : calls) {
            HttpResponse<String> r = call.get(60, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.statusCode()).as(r.body()).isEqualTo(201);
            byPid.merge(Http.json(r).get("pid").asLong(), 1, Integer::sum);
        }
        // two requests share one instance, the third starts a second: never three cold starts for three requests
        assertThat(byPid.values()).containsExactlyInAnyOrder(2, 1);
    }

    @Test
    void withSeveralRequestsAnInstance_theInstanceCountsOnce_andOverItsLimitWithNoQuotaForAnother_is429MaxConcurrencyLimit()
            throws Exception {
        String zip = ZipBuilder.directory(Path.of("src/test/resources/functions/node-web")).base64();
        HttpResponse<String> created = api.post("/api/v1/namespaces/default/functions", "{\"FunctionName\":\"one-instance\",\"Type\":\"HTTP\","
                + "\"MemorySize\":128,\"Timeout\":30,\"InstanceConcurrencyConfig\":{\"MaxConcurrency\":2},\"Code\":{\"ZipFile\":\"" + zip + "\"}}");
        String oneInstance = "/fn/" + Http.json(created).at("/Response/FunctionUrl/UrlId").asString() + "/";
        // 128 MB: room for one instance of 128 MB, however many requests it serves
        Api3Clients.admin(platform).call("PutReservedConcurrencyConfig", "{\"FunctionName\":\"one-instance\",\"ReservedConcurrencyMem\":128}");
        var client = java.net.http.HttpClient.newHttpClient();
        List<java.util.concurrent.CompletableFuture<HttpResponse<String>>> holders = List.of(
                client.sendAsync(api.builder(oneInstance + "?sleep_ms=4000").build(), HttpResponse.BodyHandlers.ofString()),
                client.sendAsync(api.builder(oneInstance + "?sleep_ms=4000").build(), HttpResponse.BodyHandlers.ofString()));
        Http scheduler = Http.at(platform.ports().scheduler());
        dev.faas.testsupport.Eventually.await("two requests in flight on one instance", () -> {
            for (var instance : Http.json(scheduler.get("/internal/v1/instances"))) {
                if (instance.at("/pool/function").asString().equals("one-instance") && instance.get("invocations").asInt() == 2) {
                    return true;
                }
            }
            return false;
        });
        assertScfStatus(api.get(oneInstance), 429, "MaxConcurrencyLimit");
        java.util.Set<Long> pids = new java.util.HashSet<>();
        for (var holder : holders) {
            HttpResponse<String> r = holder.get(30, java.util.concurrent.TimeUnit.SECONDS);
            assertThat(r.statusCode()).as("two requests fit in the 128 MB of one instance").isEqualTo(201);
            pids.add(Http.json(r).get("pid").asLong());
        }
        assertThat(pids).hasSize(1);
        assertThat(api.get(oneInstance).statusCode()).as("a slot is free again").isEqualTo(201);
    }

    /**
     * Needs a writable memory cgroup, which this machine and CI's have (cgroup v1 here); where there is none the
     * platform says so at start and enforces no limit, and this test does not apply.
     */
    @Test
    void goingOverTheMemoryLimit_is434_andTheNextCallGetsANewInstance() {
        org.junit.jupiter.api.Assumptions.assumeTrue(dev.faas.scheduler.instance.MemoryLimits.detect().enabled(), "no writable memory cgroup");
        assertThat(api.get(url + "?allocate_mb=16").statusCode()).as("within its 128 MB").isEqualTo(200);
        assertScfStatus(api.get(url + "?allocate_mb=400"), 434, "MemoryLimitReached");
        assertThat(api.get(url).statusCode()).isEqualTo(200);
    }
}
