package dev.faas.standalone;

import static dev.faas.standalone.FunctionUrlChecks.assertScfStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faas.testsupport.Eventually;
import dev.faas.testsupport.Http;
import tools.jackson.databind.JsonNode;

/**
 * The gateway's warm path (gateway-service's {@code WarmPath}): a function URL's request without a body, on a slot
 * the gateway holds on an instance serving several requests at once (python-web with a thread a connection,
 * {@code MaxConcurrency} 8), proxied in the server connection's Netty pipeline. Each test checks through the
 * gateway's {@code faas.gateway.warm.requests} that the warm path served what it asserts on, and what the direct path
 * ({@code FunctionUrlDataPathIT}, {@code FailureCodesIT}) does for the same request: the headers, streams, the 6 MB
 * limits, 433, 439, 499; requests pipelined on one connection answered in order, warm or not; a request whose
 * instance stopped listening handed on to another.
 */
class WarmPathIT {
    private static final Pattern WARM = Pattern.compile("(?m)^faas_gateway_warm_requests_total(?:\\{[^}]*})? ([0-9.E]+)$");
    private static StandalonePlatform platform;
    private static Http api;
    private static Http scheduler;
    private static URI gateway;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        // slots held for two minutes after a call, so every request of a test finds one free (the default lingers 500 ms)
        platform = TestPlatforms.start("faas-warm-path", "--faas.gateway.slots.linger=120s");
        api = TestPlatforms.adminApi(platform);
        scheduler = Http.at(platform.ports().scheduler());
        gateway = URI.create(platform.gatewayUrl());
        url = deploy("warm");
        assertThat(api.get(url + "cold").statusCode()).isEqualTo(200); // the cold start takes the general path
    }

    /** python-web serving each connection on a thread, up to 8 requests at once, 3 s to answer. */
    private static String deploy(String name) {
        return PythonWebFunction.deploy(api, name, ",\"Timeout\":3,\"InstanceConcurrencyConfig\":{\"MaxConcurrency\":8},"
                + "\"Environment\":{\"Variables\":[{\"Key\":\"THREADED\",\"Value\":\"1\"}]}");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private static double warmServed() {
        Matcher m = WARM.matcher(api.get("/actuator/prometheus").body());
        return m.find() ? Double.parseDouble(m.group(1)) : 0;
    }

    @Test
    void theInstanceGetsTheClientsHeadersOnce_thePlatformsInPlaceOfTheClients_andThePathAndQueryAsSent() {
        double before = warmServed();
        HttpResponse<String> response = api.get(url + "a%20b/c?x=1&y=%2F", Map.of("X-Forwarded-For", "203.0.113.7", "Keep-Alive", "timeout=5",
                "Proxy-Authorization", "Basic eDp5", "User-Agent", "warm-path-test", "X-Scf-Name", "someone-else"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        assertThat(warmServed()).as("served on the warm path").isEqualTo(before + 1);
        JsonNode body = Http.json(response);
        assertThat(body.get("path").asString()).isEqualTo("/a%20b/c?x=1&y=%2F");
        JsonNode headers = body.get("headers");
        assertThat(headers.at("/x-forwarded-for/0").asString()).isEqualTo("203.0.113.7, 127.0.0.1");
        assertThat(headers.at("/x-forwarded-proto/0").asString()).isEqualTo("http");
        assertThat(headers.at("/x-forwarded-host/0").asString()).isEqualTo(gateway.getAuthority());
        assertThat(headers.get("user-agent")).hasSize(1);
        assertThat(headers.at("/user-agent/0").asString()).isEqualTo("warm-path-test");
        assertThat(headers.get("x-scf-name")).hasSize(1);
        assertThat(headers.at("/x-scf-name/0").asString()).isEqualTo("warm");
        assertThat(headers.at("/x-scf-namespace/0").asString()).isEqualTo("default");
        assertThat(headers.at("/x-scf-version/0").asString()).isEqualTo("$LATEST");
        assertThat(headers.has("keep-alive")).isFalse();
        assertThat(headers.has("proxy-authorization")).isFalse();
        assertThat(headers.at("/host/0").asString()).as("the instance's address").isNotEqualTo(gateway.getAuthority());
        // the caller learns the request id the instance was given, and the version that ran
        assertThat(response.headers().firstValue("X-Scf-Request-Id")).hasValue(headers.at("/x-scf-request-id/0").asString());
        assertThat(response.headers().firstValue("X-Scf-Version")).hasValue("$LATEST");
        assertThat(response.headers().firstValue("X-Function")).as("the instance's own headers").hasValue("python");
    }

    @Test
    void requestsPipelinedOnOneConnection_areAnsweredInOrder_warmOrHandedOn() throws IOException {
        double before = warmServed();
        try (Raw client = new Raw()) {
            // sent at once: a GET and a HEAD (each warm, the second after the first), a POST with a chunked body
            // (handed on), and a GET behind it (handed on too: none goes warm while one handed on is being answered)
            client.send(get(url + "first") + "HEAD " + url + "second HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\n\r\n"
                    + "POST " + url + "third HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nTransfer-Encoding: chunked\r\n\r\n"
                    + "3\r\nhel\r\n2\r\nlo\r\n0\r\n\r\n" + get(url + "fourth"));
            Raw.Response first = client.read(false);
            Raw.Response second = client.read(true);
            Raw.Response third = client.read(false);
            Raw.Response fourth = client.read(false);
            assertThat(first.status()).isEqualTo(200);
            assertThat(Http.json(first.body()).get("path").asString()).isEqualTo("/first");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.headers()).containsEntry("content-length", "2");
            assertThat(third.status()).isEqualTo(200);
            assertThat(Http.json(third.body()).get("received").asInt()).as("the POST's body").isEqualTo(5);
            assertThat(fourth.status()).isEqualTo(200);
            assertThat(Http.json(fourth.body()).get("path").asString()).isEqualTo("/fourth");
            // and the connection serves on, warm again
            client.send(get(url + "fifth"));
            assertThat(Http.json(client.read(false).body()).get("path").asString()).isEqualTo("/fifth");
        }
        assertThat(warmServed()).as("the first GET, the HEAD and the last GET on the warm path").isEqualTo(before + 3);
    }

    @Test
    void aBodyOfUpTo64KiB_isServedWarm_byteForByte_andALargerOneHandedOn() throws Exception {
        double before = warmServed();
        byte[] small = randomBytes(40_000);
        byte[] limit = randomBytes(64 * 1024);
        byte[] larger = randomBytes(64 * 1024 + 1);
        assertReceived(post(url + "upload?x=1", small), small, "/upload?x=1");
        assertReceived(post(url + "limit", limit), limit, "/limit");
        assertThat(warmServed()).as("both on the warm path").isEqualTo(before + 2);
        assertReceived(post(url + "larger", larger), larger, "/larger");
        assertThat(warmServed()).as("the larger one handed on").isEqualTo(before + 2);
    }

    @Test
    void aBodyThatComesInParts_andARequestPipelinedBehindIt_areServedWarmInOrder() throws Exception {
        double before = warmServed();
        try (Raw client = new Raw()) {
            client.send("POST " + url + "parts HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nContent-Length: 10\r\n\r\nhello");
            // the client's pace, not a wait for anything: the rest comes in a later read of the gateway, which has to
            // ask for it (Reactor Netty reads a connection only when asked)
            Thread.sleep(300);
            client.send("world" + "POST " + url + "behind HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nContent-Length: 3\r\n\r\nabc");
            Raw.Response first = client.read(false);
            Raw.Response second = client.read(false);
            assertReceived(first.status(), first.body(), "helloworld".getBytes(StandardCharsets.US_ASCII), "/parts");
            assertReceived(second.status(), second.body(), "abc".getBytes(StandardCharsets.US_ASCII), "/behind");
        }
        assertThat(warmServed()).isEqualTo(before + 2);
    }

    @Test
    void aBodyThatDoesNotComeInTime_is433_andTheConnectionServesOn() throws Exception {
        try (Raw client = new Raw()) {
            double before = warmServed();
            client.send("POST " + url + "slow HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nContent-Length: 10\r\n\r\nhello");
            Raw.Response late = client.read(false); // the function's 3 s timeout, the body half sent
            assertThat(late.status()).isEqualTo(433);
            assertThat(Http.json(late.body()).get("errorMessage").asString()).isEqualTo("TimeLimitReached");
            assertThat(warmServed()).as("the POST on the warm path").isEqualTo(before + 1);
            // the rest of that body is read and dropped; the next request on the connection is answered
            client.send("world" + get(url + "after"));
            Raw.Response after = client.read(false);
            assertThat(after.status()).isEqualTo(200);
            assertThat(Http.json(after.body()).get("path").asString()).isEqualTo("/after");
        }
    }

    private static byte[] randomBytes(int n) {
        byte[] b = new byte[n];
        new java.util.Random(n).nextBytes(b);
        return b;
    }

    private static HttpResponse<String> post(String path, byte[] body) {
        return api.send(api.builder(path).POST(java.net.http.HttpRequest.BodyPublishers.ofByteArray(body)));
    }

    private static void assertReceived(HttpResponse<String> response, byte[] sent, String path) {
        assertReceived(response.statusCode(), response.body(), sent, path);
    }

    /** The instance got {@code sent} byte for byte, on {@code path}. */
    private static void assertReceived(int status, String answer, byte[] sent, String path) {
        assertThat(status).as(answer).isEqualTo(200);
        JsonNode body = Http.json(answer);
        assertThat(body.get("received").asInt()).isEqualTo(sent.length);
        assertThat(body.get("sha256").asString()).isEqualTo(sha256(sent));
        assertThat(body.get("path").asString()).isEqualTo(path);
    }

    private static String sha256(byte[] data) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(data));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Test
    void aRequestPipelinedBehindOneExpecting100Continue_waitsForItsAnswer() throws Exception {
        // two slots held, so that the GET behind the POST finds one free (it would be handed on for want of one)
        var both = java.util.stream.Stream.of("a", "b").map(n -> java.util.concurrent.CompletableFuture.supplyAsync(
                () -> api.get(url + n + "?sleep_ms=500").statusCode())).toList();
        for (var call : both) {
            assertThat(call.get(30, java.util.concurrent.TimeUnit.SECONDS)).isEqualTo(200);
        }
        try (Raw client = new Raw()) {
            client.send("POST " + url + "continued HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\nExpect: 100-continue\r\n"
                    + "Content-Length: 5\r\n\r\n");
            // the interim answer is a whole response to the connection's codec, but not this request's answer: a
            // request sent after it still waits behind the POST
            assertThat(client.statusLine()).startsWith("HTTP/1.1 100");
            assertThat(client.statusLine()).as("the interim answer's end").isEmpty();
            client.send("hello" + get(url + "behind"));
            Raw.Response first = client.read(false);
            Raw.Response second = client.read(false);
            assertThat(Http.json(first.body()).get("received").asInt()).as("the POST's answer first").isEqualTo(5);
            assertThat(Http.json(second.body()).get("path").asString()).isEqualTo("/behind");
        }
    }

    @Test
    void anEventStream_reachesTheClientEventByEvent() throws Exception {
        double before = warmServed();
        HttpResponse<java.io.InputStream> response = HttpClient.newHttpClient().send(api.builder(url + "events?sse=2&gap_ms=1000").build(),
                HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        try (var events = new java.io.BufferedReader(new java.io.InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode first = FunctionUrlChecks.nextEvent(events);
            long firstReceived = System.currentTimeMillis();
            JsonNode second = FunctionUrlChecks.nextEvent(events);
            assertThat(second.get("n").asInt()).isEqualTo(1);
            assertThat(firstReceived).as("the first event came before the second was written").isLessThan(second.get("at").asLong());
            assertThat(first.get("n").asInt()).isEqualTo(0);
        }
        assertThat(warmServed()).isEqualTo(before + 1);
    }

    @Test
    void aChunkedResponseIsCutAt6Mb_oneOf6MbPasses_andOneWithALengthOver6MbIs407() throws Exception {
        double before = warmServed();
        // a length over 6 MB first: its slot stays, where the cut one's is dropped (the next call would lease)
        assertScfStatus(api.get(url + "?bytes=" + (FunctionUrlChecks.SIX_MB + 1)), 407, "The HTTP response body exceeds the size limit.");
        FunctionUrlChecks.assertChunkedResponsesCutAt6Mb(api, url);
        assertThat(warmServed()).isEqualTo(before + 3);
        assertThat(api.get(url + "after").statusCode()).as("the instance serves on").isEqualTo(200);
    }

    @Test
    void runningPastTheTimeout_is433_andAProcessThatExits_is439_eachAnsweredOnTheWarmPath() {
        String failing = deploy("warm-fails");
        assertThat(api.get(failing + "cold").statusCode()).isEqualTo(200);
        double before = warmServed();
        assertScfStatus(api.get(failing + "late?sleep_ms=5000"), 433, "TimeLimitReached");
        assertThat(api.get(failing + "again").statusCode()).as("a new instance serves").isEqualTo(200);
        assertScfStatus(api.get(failing + "?exit=3"), 439, "User process exit when running");
        // the call between took a new lease (a cold start on the general path)
        assertThat(warmServed()).as("the 433 and the 439 answered on the warm path").isEqualTo(before + 2);
        assertThat(api.get(failing + "after").statusCode()).isEqualTo(200);
    }

    @Test
    void aClientThatGoesAwayMidInvocation_isReported499() throws Exception {
        String gone = deploy("warm-gone");
        assertThat(api.get(gone + "cold").statusCode()).isEqualTo(200);
        Eventually.await("the cold call's end to reach the scheduler", () -> FunctionUrlChecks.invocationsOf(scheduler, "warm-gone") == 0);
        double before = warmServed();
        try (Raw client = new Raw()) {
            client.send(get(gone + "away?sleep_ms=1500"));
            Eventually.await("the invocation to run", () -> FunctionUrlChecks.invocationsOf(scheduler, "warm-gone") == 1);
        }
        JsonNode report = FunctionUrlChecks.awaitReport(api, "warm-gone", "/away");
        assertThat(report.get("SCF_StatusCode").asInt()).isEqualTo(499);
        assertThat(warmServed()).isEqualTo(before + 1);
        Eventually.await("the slot to come back", () -> FunctionUrlChecks.invocationsOf(scheduler, "warm-gone") == 0);
    }

    @Test
    void aRequestWhoseInstanceStoppedListening_isServed_andTheInstanceReplaced() throws IOException {
        String refuses = deploy("warm-refuses");
        double before;
        List<String> first;
        try (Raw client = new Raw()) {
            client.send(get(refuses + "cold"));
            assertThat(client.read(false).status()).isEqualTo(200);
            first = instancesOf("warm-refuses");
            before = warmServed();
            // on the same connection (so the same event loop of the gateway): the instance answers, hangs up and closes
            // its listening socket, its process alive
            client.send(get(refuses + "?stop_listening=1"));
            assertThat(client.read(false).status()).isEqualTo(200);
        }
        int port = -1;
        for (JsonNode instance : Http.json(scheduler.get("/internal/v1/instances"))) {
            if (instance.at("/pool/function").asString().equals("warm-refuses")) {
                port = instance.at("/endpoint/port").asInt();
            }
        }
        int instancePort = port;
        // its listening socket closes just after it answered: a connection made before that would be reset, not refused
        Eventually.await("the instance to refuse connections", () -> {
            try (Socket probe = new Socket("127.0.0.1", instancePort)) {
                return false;
            } catch (IOException refused) {
                return true;
            }
        });
        // with a body: what the warm path read of it goes on with the request it hands on
        byte[] body = randomBytes(1_000);
        assertReceived(post(refuses + "next", body), body, "/next");
        // served by a new instance, or by the old one on a connection it had kept open (its process lives and serves
        // the connections it has); either way the scheduler was told, and replaced the one that refused
        assertThat(first).hasSize(1);
        Eventually.await("the instance that refused to be replaced", () -> !instancesOf("warm-refuses").contains(first.get(0)));
        assertThat(warmServed()).as("both admitted on the warm path, the second handed on when refused").isEqualTo(before + 2);
    }

    private static List<String> instancesOf(String function) {
        List<String> ids = new ArrayList<>();
        for (JsonNode instance : Http.json(scheduler.get("/internal/v1/instances"))) {
            if (instance.at("/pool/function").asString().equals(function)) {
                ids.add(instance.get("id").asString());
            }
        }
        return ids;
    }

    private static String get(String path) {
        return "GET " + path + " HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\n\r\n";
    }

    /** HTTP/1.1 on one kept-alive socket, written and read by hand (pipelining, HEAD). */
    private static final class Raw implements AutoCloseable {
        private final Socket socket;
        private final OutputStream out;
        private final InputStream in;

        record Response(int status, Map<String, String> headers, String body) {
        }

        Raw() throws IOException {
            socket = new Socket(gateway.getHost(), gateway.getPort());
            socket.setSoTimeout(20_000);
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream());
        }

        void send(String request) throws IOException {
            out.write(request.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** The next response; {@code head}: its request was a HEAD (no body follows, whatever its length says). */
        Response read(boolean head) throws IOException {
            String status = line();
            while (status.split(" ")[1].startsWith("1")) { // an interim response (100 Continue) and its empty line
                for (String h = line(); !h.isEmpty(); h = line()) {
                    // its headers, if any
                }
                status = line();
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String h = line(); !h.isEmpty(); h = line()) {
                int colon = h.indexOf(':');
                headers.put(h.substring(0, colon).trim().toLowerCase(Locale.ROOT), h.substring(colon + 1).trim());
            }
            ByteArrayOutputStream body = new ByteArrayOutputStream();
            if (!head && headers.containsKey("content-length")) {
                body.write(in.readNBytes(Integer.parseInt(headers.get("content-length"))));
            } else if (!head && "chunked".equalsIgnoreCase(headers.get("transfer-encoding"))) {
                for (int size = Integer.parseInt(line().trim(), 16); size > 0; size = Integer.parseInt(line().trim(), 16)) {
                    body.write(in.readNBytes(size));
                    line();
                }
                line();
            }
            return new Response(Integer.parseInt(status.split(" ")[1]), headers, body.toString(StandardCharsets.UTF_8));
        }

        String statusLine() throws IOException {
            return line();
        }

        private String line() throws IOException {
            StringBuilder line = new StringBuilder();
            for (int c = in.read(); c != '\n'; c = in.read()) {
                if (c < 0) {
                    throw new IOException("the connection closed");
                }
                if (c != '\r') {
                    line.append((char) c);
                }
            }
            return line.toString();
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }
}
