package dev.faas.standalone;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import dev.faas.testsupport.Eventually;
import dev.faas.testsupport.Http;
import tools.jackson.databind.JsonNode;

/** What the function URL tests check the same way on either data path (python-web's functions). */
final class FunctionUrlChecks {
    static final int SIX_MB = 6 * 1024 * 1024;

    private FunctionUrlChecks() {
    }

    /** SCF's error answer: the status, its body's {@code errorMessage} and {@code statusCode}, a request id. */
    static void assertScfStatus(HttpResponse<String> response, int status, String message) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(Http.json(response).get("errorMessage").asString()).isEqualTo(message);
        assertThat(Http.json(response).get("statusCode").asInt()).isEqualTo(status);
        assertThat(response.headers().firstValue("X-Scf-Request-Id")).isPresent();
    }

    /** The next event's JSON data of an event stream. */
    static JsonNode nextEvent(BufferedReader events) throws IOException {
        for (String line = events.readLine(); line != null; line = events.readLine()) {
            if (line.startsWith("data: ")) {
                return Http.json(line.substring("data: ".length()));
            }
        }
        throw new AssertionError("the stream ended before the next event");
    }

    /** A chunked response of 6 MB passes whole; one of 6 MB and 64 KB never reaches the client complete. */
    static void assertChunkedResponsesCutAt6Mb(Http api, String url) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        HttpResponse<byte[]> fits = client.send(api.builder(url + "?chunked_bytes=" + SIX_MB).build(), HttpResponse.BodyHandlers.ofByteArray());
        assertThat(fits.statusCode()).isEqualTo(200);
        assertThat(fits.body()).hasSize(SIX_MB);
        long received;
        try {
            received = client.send(api.builder(url + "?chunked_bytes=" + (SIX_MB + 65536)).build(), HttpResponse.BodyHandlers.ofByteArray()).body().length;
        } catch (IOException cut) {
            received = -1; // the stream ended without its last chunk
        }
        assertThat(received).as("bytes the client took for a complete response").isLessThanOrEqualTo(SIX_MB);
    }

    /** Invocations running on {@code function}'s instances, as the scheduler counts them. */
    static int invocationsOf(Http scheduler, String function) {
        int running = 0;
        for (JsonNode instance : Http.json(scheduler.get("/internal/v1/instances"))) {
            if (instance.at("/pool/function").asString().equals(function)) {
                running += instance.get("invocations").asInt();
            }
        }
        return running;
    }

    /**
     * The {@code Report} line of the invocation of {@code function} whose request for {@code path} python-web printed
     * ({@code python handled <path> request <id>}), once log-service has both.
     */
    static JsonNode awaitReport(Http api, String function, String path) {
        AtomicReference<JsonNode> report = new AtomicReference<>();
        Eventually.await("the invocation's report", () -> {
            List<JsonNode> lines = new ArrayList<>();
            Http.json(api.get("/api/v1/logs?functionName=" + function)).at("/Response/Logs").forEach(lines::add);
            String requestId = lines.stream().map(n -> n.get("SCF_Message").asString()).filter(m -> m.startsWith("python handled " + path))
                    .map(m -> m.substring(m.lastIndexOf(' ') + 1)).findFirst().orElse(null);
            lines.stream().filter(n -> n.get("SCF_RequestId").asString().equals(requestId) && n.get("SCF_Message").asString().startsWith("Report"))
                    .findFirst().ifPresent(report::set);
            return report.get() != null;
        });
        return report.get();
    }
}
