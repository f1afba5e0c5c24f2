package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.function.Predicate;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

import dev.faas.testsupport.Eventually;
import dev.faas.testsupport.Http;
import dev.faas.testsupport.ZipBuilder;
import tools.jackson.databind.JsonNode;

/**
 * The thin slice, end to end, against the started standalone platform (embedded Postgres, five services, local
 * instances): deploy web functions from directories, call their URLs through the gateway, read their logs, restart
 * the platform and find them again.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StandaloneEndToEndIT {
    private static final Path FUNCTIONS = Path.of("src/test/resources/functions");
    /** Short enough to watch reclaim happen, long enough that no test idles that long between its calls. */
    private static final int IDLE_TIMEOUT_SECONDS = 10;
    private static Path dataDir;
    private static StandalonePlatform platform;
    private static Http gateway;
    /** The admin key of the first start (a restart creates none). */
    private static dev.faas.gateway.keys.AccessKeys.NewKey admin;
    private static Http scheduler;
    private static String pythonUrlId;
    private static String firstRequestId;

    @BeforeAll
    static void start() throws Exception {
        dataDir = Files.createTempDirectory("faas-e2e");
        startPlatform();
    }

    private static void startPlatform() throws Exception {
        platform = StandalonePlatform.start(new StandaloneOptions(dataDir, 0, null, List.of("--faas.scheduler.idle-timeout=" + IDLE_TIMEOUT_SECONDS + "s")));
        if (admin == null) {
            admin = platform.createdAdminKey().orElseThrow();
        }
        gateway = new Http(platform.gatewayUrl()).withApiKey(admin.secretId(), admin.secretKey());
        scheduler = Http.at(platform.ports().scheduler());
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static String deploy(String name, String directory, String extraFields) {
        String zip = ZipBuilder.directory(FUNCTIONS.resolve(directory)).base64();
        HttpResponse<String> created = gateway.post("/api/v1/namespaces/default/functions",
                "{\"FunctionName\":\"" + name + "\",\"Type\":\"HTTP\"" + extraFields + ",\"Code\":{\"ZipFile\":\"" + zip + "\"}}");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        assertThat(Http.json(created).at("/Response/RequestId").asString())
                .as("the envelope's RequestId is the gateway's request id")
                .isEqualTo(created.headers().firstValue("X-Scf-Request-Id").orElseThrow());
        return Http.json(created).at("/Response/FunctionUrl/UrlId").asString();
    }

    private static HttpResponse<String> call(String urlId, String pathAndQuery, Map<String, String> headers) {
        return gateway.get("/fn/" + urlId + pathAndQuery, headers);
    }

    @Test
    @Order(1)
    void pythonWebFunction_answersThroughTheGateway_withThePlatformHeadersOnceEach() {
        pythonUrlId = deploy("hello-python", "python-web",
                ",\"MemorySize\":256,\"Timeout\":7,\"Environment\":{\"Variables\":[{\"Key\":\"GREETING\",\"Value\":\"hello\"}]}");
        HttpResponse<String> response = call(pythonUrlId, "/some/path?q=1%202&x=a+b",
                Map.of("X-Scf-Name", "spoofed", "x-scf-request-id", "spoofed-id", "X-Scf-Custom", "nope", "X-Client", "kept"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(response.headers().firstValue("X-Function")).hasValue("python");
        JsonNode body = Http.json(response);
        assertThat(body.get("path").asString()).isEqualTo("/some/path?q=1%202&x=a+b");
        JsonNode headers = body.get("headers");
        firstRequestId = response.headers().firstValue("X-Scf-Request-Id").orElseThrow();
        Map<String, String> expected = Map.of(
                "x-scf-request-id", firstRequestId,
                "x-scf-memory", "256",
                "x-scf-timeout", "7",
                "x-scf-version", "$LATEST",
                "x-scf-name", "hello-python",
                "x-scf-namespace", "default",
                "x-scf-region", "ap-local",
                "x-scf-appid", "1250000000",
                "x-scf-uin", "100000000001");
        expected.forEach((name, value) -> {
            JsonNode values = headers.get(name);
            assertThat(values).as(name).isNotNull();
            assertThat(values.size()).as(name + " sent once").isEqualTo(1);
            assertThat(values.get(0).asString()).as(name).isEqualTo(value);
        });
        assertThat(headers.has("x-scf-custom")).as("client X-Scf-* removed").isFalse();
        assertThat(headers.get("x-client").get(0).asString()).isEqualTo("kept");
        assertThat(body.at("/env/GREETING").asString()).isEqualTo("hello");
        assertThat(body.at("/env/SCF_FUNCTIONNAME").asString()).isEqualTo("hello-python");
        assertThat(body.at("/env/SCF_NAMESPACE").asString()).isEqualTo("default");
    }

    @Test
    @Order(2)
    void hostFormOfTheUrl_reachesTheSameFunction_andTheStatusPassesThrough() {
        HttpResponse<String> response = gateway.send(gateway.builder("/by/host?status=418").header("Host", pythonUrlId + ".fn.localhost"));
        assertThat(response.statusCode()).isEqualTo(418);
        assertThat(Http.json(response).get("path").asString()).isEqualTo("/by/host?status=418");
    }

    @Test
    @Order(3)
    void sequentialCalls_reuseOneInstance() {
        long first = Http.json(call(pythonUrlId, "/a", Map.of())).get("pid").asLong();
        long second = Http.json(call(pythonUrlId, "/b", Map.of())).get("pid").asLong();
        long third = Http.json(call(pythonUrlId, "/c", Map.of())).get("pid").asLong();
        assertThat(second).isEqualTo(first);
        assertThat(third).isEqualTo(first);
        assertThat(instancesOf("hello-python")).hasSize(1);
    }

    @Test
    @Order(4)
    void aConcurrentCall_startsASecondInstance() throws Exception {
        long warm = Http.json(call(pythonUrlId, "/warm", Map.of())).get("pid").asLong();
        // the warm call counts as running until the next slot batch tells the scheduler of its end: waited out, so
        // that the busy instance awaited below is the held call's
        Eventually.await("the warm call's end to reach the scheduler",
                () -> instancesOf("hello-python").stream().allMatch(i -> i.get("invocations").asInt() == 0));
        CompletableFuture<HttpResponse<String>> held = CompletableFuture.supplyAsync(() -> call(pythonUrlId, "/held?sleep_ms=4000", Map.of()));
        // in flight, not merely held: the gateway keeps the warm slot between calls (ADR 0004)
        Eventually.await("the warm instance to be busy", () -> instancesOf("hello-python").stream().anyMatch(i -> i.get("invocations").asInt() == 1));
        long concurrent = Http.json(call(pythonUrlId, "/concurrent", Map.of())).get("pid").asLong();
        HttpResponse<String> heldResponse = held.get();
        assertThat(heldResponse.statusCode()).isEqualTo(200);
        assertThat(Http.json(heldResponse).get("pid").asLong()).isEqualTo(warm);
        assertThat(concurrent).isNotEqualTo(warm);
        assertThat(instancesOf("hello-python")).hasSize(2);
    }

    @Test
    @Order(5)
    void nodeWebFunction_getsTheBodyUntouched_andItsStatusAndHeadersComeBack() {
        String urlId = deploy("hello-node", "node-web", "");
        String payload = "{\"x\": [1, 2, 3], \"text\": \"héllo wörld\"}";
        HttpResponse<String> response = gateway.send(gateway.builder("/fn/" + urlId + "/submit?k=v")
                .header("Content-Type", "application/json").header("X-Scf-Uin", "evil")
                .POST(HttpRequest.BodyPublishers.ofString(payload)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(201);
        assertThat(response.headers().firstValue("X-Function")).hasValue("node");
        JsonNode body = Http.json(response);
        assertThat(body.get("method").asString()).isEqualTo("POST");
        assertThat(body.get("path").asString()).isEqualTo("/submit?k=v");
        assertThat(body.get("body").asString()).isEqualTo(payload);
        assertThat(body.at("/headers/x-scf-uin")).hasSize(1);
        assertThat(body.at("/headers/x-scf-uin/0").asString()).isEqualTo("100000000001");
        assertThat(body.at("/headers/x-scf-name/0").asString()).isEqualTo("hello-node");
        assertThat(body.at("/headers/x-scf-request-id/0").asString()).isEqualTo(response.headers().firstValue("X-Scf-Request-Id").orElseThrow());
        long pid = body.get("pid").asLong();
        assertThat(Http.json(gateway.send(gateway.builder("/fn/" + urlId + "/").POST(HttpRequest.BodyPublishers.noBody()))).get("pid").asLong()).isEqualTo(pid);
    }

    @Test
    @Order(6)
    void aBootstrapThatNeverListens_gets446PortBindingFailed() {
        String urlId = deploy("never-listens", "never-listens", ",\"InitTimeout\":3");
        HttpResponse<String> response = call(urlId, "/", Map.of());
        assertThat(response.statusCode()).isEqualTo(446);
        assertThat(Http.json(response).get("errorMessage").asString()).isEqualTo("PortBindingFailed");
        assertThat(Http.json(response).get("statusCode").asInt()).isEqualTo(446);
        assertThat(instancesOf("never-listens")).isEmpty();
    }

    @Test
    @Order(7)
    void aBootstrapThatExits_gets405ContainerStateExitedByUser() {
        String urlId = deploy("exits-at-once", "exits-at-once", "");
        HttpResponse<String> response = call(urlId, "/", Map.of());
        assertThat(response.statusCode()).isEqualTo(405);
        assertThat(Http.json(response).get("errorMessage").asString()).isEqualTo("ContainerStateExitedByUser");
        String requestId = response.headers().firstValue("X-Scf-Request-Id").orElseThrow();
        List<String> messages = logMessages("exits-at-once", requestId, m -> m.stream().anyMatch(s -> s.startsWith("Report")));
        assertThat(messages).anyMatch(m -> m.startsWith("ERROR RequestId:" + requestId) && m.contains("\"statusCode\":405"));
        assertThat(messages).contains("bootstrap gives up");
    }

    @Test
    @Order(8)
    void theLogsShowStartEndAndReport_withTheRequestId() {
        List<JsonNode> lines = logLines("hello-python", firstRequestId, l -> l.stream().anyMatch(n -> n.get("SCF_Message").asString().startsWith("Report")));
        List<String> messages = lines.stream().map(n -> n.get("SCF_Message").asString()).toList();
        assertThat(messages.getFirst()).isEqualTo("START RequestId:" + firstRequestId);
        assertThat(messages).anyMatch(m -> m.startsWith("Init Report RequestId:" + firstRequestId + " Coldstart: "));
        assertThat(messages).contains("python web function starting", "python handled /some/path?q=1%202&x=a+b request " + firstRequestId);
        assertThat(messages).contains("END RequestId:" + firstRequestId);
        JsonNode report = lines.stream().filter(n -> n.get("SCF_Message").asString().startsWith("Report RequestId:" + firstRequestId)).findFirst().orElseThrow();
        assertThat(report.get("SCF_Message").asString()).matches("Report RequestId:\\S+ Duration:\\d+ms Memory:256MB MemUsage:[0-9.]+MB");
        assertThat(report.get("SCF_StatusCode").asInt()).isEqualTo(200);
        assertThat(report.get("SCF_Type").asString()).isEqualTo("Platform");
        assertThat(report.get("SCF_MemUsage").asDouble()).isPositive();
        assertThat(lines).allMatch(n -> n.get("SCF_RequestId").asString().equals(firstRequestId));
    }

    @Test
    @Order(8)
    void aWarmCallOnAHeldSlot_isLoggedWithItsOwnRequestId_andItsOutput() {
        call(pythonUrlId, "/warm-up", Map.of());
        HttpResponse<String> warm = call(pythonUrlId, "/on-a-held-slot", Map.of());
        assertThat(warm.statusCode()).isEqualTo(200);
        String requestId = warm.headers().firstValue("X-Scf-Request-Id").orElseThrow();
        List<JsonNode> lines = logLines("hello-python", requestId, l -> l.stream().anyMatch(n -> n.get("SCF_Message").asString().startsWith("Report"))
                && l.stream().anyMatch(n -> n.get("SCF_Type").asString().equals("Custom")));
        List<String> messages = lines.stream().map(n -> n.get("SCF_Message").asString()).toList();
        // the gateway reported it after the fact, in a batch: the lines still come in the order they happened
        assertThat(messages).containsExactly("START RequestId:" + requestId, "python handled /on-a-held-slot request " + requestId,
                "END RequestId:" + requestId, messages.getLast());
        assertThat(messages.getLast()).matches("Report RequestId:" + requestId + " Duration:\\d+ms Memory:256MB MemUsage:[0-9.]+MB");
        assertThat(lines.getLast().get("SCF_StatusCode").asInt()).isEqualTo(200);
        assertThat(lines).allMatch(n -> n.get("SCF_RequestId").asString().equals(requestId));
    }

    @Test
    @Order(9)
    void afterARestart_theFunctionsDeployedBeforeAreFoundAndServed_andTheConcurrencyConfigurationKept() throws Exception {
        assertThat(Http.errorCode(api3("PutReservedConcurrencyConfig", "{\"FunctionName\":\"hello-python\",\"ReservedConcurrencyMem\":1024}"))).isNull();
        assertThat(Http.errorCode(api3("PutTotalConcurrencyConfig", "{\"TotalConcurrencyMem\":150000}"))).isNull();
        platform.close();
        startPlatform();
        assertThat(Http.json(api3("GetReservedConcurrencyConfig", "{\"FunctionName\":\"hello-python\"}")).at("/Response/ReservedMem").asLong())
                .isEqualTo(1024);
        assertThat(Http.json(scheduler.get("/internal/v1/concurrency")).get("TotalConcurrencyMem").asLong()).isEqualTo(150000);
        api3("DeleteReservedConcurrencyConfig", "{\"FunctionName\":\"hello-python\"}");
        HttpResponse<String> got = gateway.get("/api/v1/namespaces/default/functions/hello-python");
        assertThat(got.statusCode()).isEqualTo(200);
        assertThat(Http.json(got).at("/Response/FunctionUrl/UrlId").asString()).isEqualTo(pythonUrlId);
        HttpResponse<String> response = call(pythonUrlId, "/after-restart", Map.of());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(Http.json(response).get("path").asString()).isEqualTo("/after-restart");
    }

    @Test
    @Order(10)
    void unknownUrlId_gets404_andADeletedFunctionStopsAnswering() {
        assertThat(call("doesnotexist00000", "/", Map.of()).statusCode()).isEqualTo(404);
        String urlId = deploy("short-lived", "python-web", "");
        assertThat(call(urlId, "/", Map.of()).statusCode()).isEqualTo(200);
        assertThat(gateway.delete("/api/v1/namespaces/default/functions/short-lived").statusCode()).isEqualTo(200);
        Eventually.await("the gateway to drop the deleted URL", () -> call(urlId, "/", Map.of()).statusCode() == 404);
    }

    @Test
    @Order(11)
    void instancesIdleLongerThanTheIdleTimeout_areStopped() {
        String urlId = deploy("goes-idle", "python-web", "");
        long pid = Http.json(call(urlId, "/", Map.of())).get("pid").asLong();
        assertThat(ProcessHandle.of(pid)).isPresent();
        Eventually.await("the idle instance to be reclaimed", Duration.ofSeconds(IDLE_TIMEOUT_SECONDS + 20),
                () -> instancesOf("goes-idle").isEmpty() && ProcessHandle.of(pid).isEmpty());
        long next = Http.json(call(urlId, "/", Map.of())).get("pid").asLong();
        assertThat(next).as("a new instance after reclaim").isNotEqualTo(pid);
    }

    private static List<JsonNode> instancesOf(String function) {
        List<JsonNode> result = new ArrayList<>();
        Http.json(scheduler.get("/internal/v1/instances")).forEach(i -> {
            if (i.at("/pool/function").asString().equals(function)) {
                result.add(i);
            }
        });
        return result;
    }

    /** An API 3.0 call signed with the admin key, as the SDK signs it. */
    private static HttpResponse<String> api3(String action, String body) {
        long now = System.currentTimeMillis() / 1000;
        String host = "127.0.0.1:" + platform.ports().gateway();
        String contentType = "application/json; charset=utf-8";
        byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        String date = dev.faas.contracts.tc3.Tc3Signature.date(now);
        List<String> signed = List.of("content-type", "host");
        String canonical = dev.faas.contracts.tc3.Tc3Signature.canonicalRequest("POST", "", signed, n -> n.equals("host") ? host : contentType,
                dev.faas.contracts.tc3.Tc3Signature.sha256Hex(bytes));
        String signature = dev.faas.contracts.tc3.Tc3Signature.signature(admin.secretKey(), date, "scf",
                dev.faas.contracts.tc3.Tc3Signature.stringToSign(now, dev.faas.contracts.tc3.Tc3Signature.scope(date, "scf"), canonical));
        return gateway.send(gateway.builder("/")
                .header("Authorization", dev.faas.contracts.tc3.Tc3Signature.authorization(admin.secretId(), date, "scf", signed, signature))
                .header("Content-Type", contentType).header("X-TC-Action", action).header("X-TC-Version", "2018-04-16")
                .header("X-TC-Timestamp", Long.toString(now)).header("X-TC-Region", "ap-guangzhou")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(bytes)));
    }

    private static List<JsonNode> logLines(String function, String requestId, Predicate<List<JsonNode>> complete) {
        List<JsonNode> lines = new ArrayList<>();
        Eventually.await("logs of " + requestId, () -> {
            lines.clear();
            Http.json(gateway.get("/api/v1/logs?functionName=" + function + "&requestId=" + requestId)).at("/Response/Logs").forEach(lines::add);
            return complete.test(lines);
        });
        return lines;
    }

    private static List<String> logMessages(String function, String requestId, Predicate<List<String>> complete) {
        return logLines(function, requestId, l -> complete.test(l.stream().map(n -> n.get("SCF_Message").asString()).toList()))
                .stream().map(n -> n.get("SCF_Message").asString()).toList();
    }
}
