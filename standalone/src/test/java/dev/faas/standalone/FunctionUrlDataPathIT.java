package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dev.faas.testsupport.Eventually;
import dev.faas.testsupport.Http;
import tools.jackson.databind.JsonNode;

/**
 * What the function URL's data path does between the client and the instance (python-web): the headers the
 * instance gets, a response streamed as the function writes it, a chunked response cut at 6 MB, a WebSocket relayed
 * (the upgrade takes the Spring Cloud Gateway route; plain HTTP the direct path), and a client that goes away
 * mid-invocation reported as 499 with its slot given back.
 */
class FunctionUrlDataPathIT {
    private static StandalonePlatform platform;
    private static Http api;
    private static Http scheduler;
    private static URI gateway;
    private static String url;

    @BeforeAll
    static void start() throws Exception {
        platform = TestPlatforms.start("faas-data-path");
        api = TestPlatforms.adminApi(platform);
        scheduler = Http.at(platform.ports().scheduler());
        gateway = URI.create(platform.gatewayUrl());
        url = deploy("streams");
    }

    private static String deploy(String name) {
        return PythonWebFunction.deploy(api, name, ",\"Timeout\":10");
    }

    @AfterAll
    static void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    @Test
    void theInstanceGetsTheClientsHeadersOnce_theForwardedOnes_andNoHopByHopHeader() {
        HttpResponse<String> response = api.get(url + "headers", Map.of("X-Forwarded-For", "203.0.113.7", "Keep-Alive", "timeout=5",
                "Proxy-Authorization", "Basic eDp5", "User-Agent", "data-path-test", "Accept", "application/json"));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        JsonNode headers = Http.json(response).get("headers");
        assertThat(headers.at("/x-forwarded-for/0").asString()).isEqualTo("203.0.113.7, 127.0.0.1");
        assertThat(headers.at("/x-forwarded-proto/0").asString()).isEqualTo("http");
        assertThat(headers.at("/x-forwarded-host/0").asString()).isEqualTo(gateway.getAuthority());
        // the client's own, once: not the proxy's HTTP client defaults beside them
        assertThat(headers.get("user-agent")).hasSize(1);
        assertThat(headers.at("/user-agent/0").asString()).isEqualTo("data-path-test");
        assertThat(headers.get("accept")).hasSize(1);
        assertThat(headers.at("/accept/0").asString()).isEqualTo("application/json");
        assertThat(headers.has("keep-alive")).isFalse();
        assertThat(headers.has("proxy-authorization")).isFalse();
        assertThat(headers.at("/host/0").asString()).as("the instance's address, not the gateway's").isNotEqualTo(gateway.getAuthority());
    }

    @Test
    void anEventStream_reachesTheClientEventByEvent_asTheFunctionWritesIt() throws Exception {
        HttpResponse<InputStream> response = HttpClient.newHttpClient().send(
                api.builder(url + "events?sse=2&gap_ms=1000").build(), HttpResponse.BodyHandlers.ofInputStream());
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValue("text/event-stream");
        assertThat(response.headers().firstValue("X-Scf-Request-Id")).isPresent();
        try (BufferedReader events = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            JsonNode first = FunctionUrlChecks.nextEvent(events);
            long firstReceived = System.currentTimeMillis();
            JsonNode second = FunctionUrlChecks.nextEvent(events);
            assertThat(first.get("n").asInt()).isEqualTo(0);
            assertThat(second.get("n").asInt()).isEqualTo(1);
            // the first event was here before the function had written the second: nothing waited for the end
            assertThat(firstReceived).isLessThan(second.get("at").asLong());
            assertThat(events.lines().filter(line -> !line.isBlank()).toList()).as("after the last event, the end of the stream").isEmpty();
        }
    }

    @Test
    void aChunkedResponse_isCutAt6Mb_andOneOf6MbPasses() throws Exception {
        FunctionUrlChecks.assertChunkedResponsesCutAt6Mb(api, url);
    }

    @Test
    void aWebSocket_isRelayedBothWays_withThePlatformsHeaders() throws Exception {
        CompletableFuture<String> reply = new CompletableFuture<>();
        String wsUrl = "ws://" + gateway.getAuthority() + url + "ws";
        WebSocket socket = HttpClient.newHttpClient().newWebSocketBuilder().connectTimeout(Duration.ofSeconds(10))
                .buildAsync(URI.create(wsUrl), new WebSocket.Listener() {
                    private final StringBuilder text = new StringBuilder();

                    @Override
                    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                        text.append(data);
                        if (last) {
                            reply.complete(text.toString());
                        }
                        webSocket.request(1);
                        return null;
                    }

                    @Override
                    public void onError(WebSocket webSocket, Throwable error) {
                        reply.completeExceptionally(error);
                    }
                }).get(30, TimeUnit.SECONDS);
        socket.sendText("hello over the gateway", true).get(10, TimeUnit.SECONDS);
        JsonNode answer = Http.json(reply.get(30, TimeUnit.SECONDS));
        assertThat(answer.get("echo").asString()).isEqualTo("hello over the gateway");
        assertThat(answer.get("name").asString()).isEqualTo("streams");
    }

    @Test
    void aClientThatGoesAwayMidInvocation_isReported499_andTheInstanceServesTheNextCall() throws Exception {
        String gone = deploy("gone");
        long pid = Http.json(api.get(gone + "warm")).get("pid").asLong();
        // the warm call counts as running until its end reaches the scheduler (the next slot batch): waited out, so
        // that the count of one below is the call that goes away (it was the warm call's in a run where the client
        // left before its request reached the function, which then never printed the line looked for below)
        Eventually.await("the warm call's end to reach the scheduler", () -> FunctionUrlChecks.invocationsOf(scheduler, "gone") == 0);
        try (Socket client = new Socket(gateway.getHost(), gateway.getPort())) {
            OutputStream out = client.getOutputStream();
            out.write(("GET " + gone + "away?sleep_ms=1500 HTTP/1.1\r\nHost: " + gateway.getAuthority() + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            Eventually.await("the invocation to run", () -> FunctionUrlChecks.invocationsOf(scheduler, "gone") == 1);
        }
        // the function prints the request id it was given after its sleep; its Report line carries the status
        JsonNode report = FunctionUrlChecks.awaitReport(api, "gone", "/away");
        assertThat(report.get("SCF_StatusCode").asInt()).isEqualTo(499);
        HttpResponse<String> next = api.get(gone + "next");
        assertThat(next.statusCode()).isEqualTo(200);
        assertThat(Http.json(next).get("pid").asLong()).as("the same instance: its slot came back").isEqualTo(pid);
    }
}
