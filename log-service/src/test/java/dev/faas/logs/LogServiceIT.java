package dev.faas.logs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;

import dev.faas.testsupport.Http;
import dev.faas.testsupport.spring.WithTestDatabase;
import tools.jackson.databind.JsonNode;

/** log-service against a real Postgres: migration, batch delivery, queries by function and request id. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "spring.config.name=log-service")
@WithTestDatabase
class LogServiceIT {

    @LocalServerPort
    int port;

    @Autowired
    JdbcClient jdbc;

    private static String record(String fn, String rid, String type, String message, long time, Integer status) {
        return """
                {"namespace":"default","functionName":"%s","qualifier":"$LATEST","requestId":"%s","type":"%s","level":"INFO",
                 "message":"%s","logTimeMillis":%d,"startTimeMillis":%d,"durationMs":%s,"memoryMb":128,"memUsageMb":%s,
                 "statusCode":%s,"retryNum":0,"instanceId":"i-1"}""".formatted(fn, rid, type, message, time, time,
                status == null ? "null" : "12", status == null ? "null" : "21.5", status == null ? "null" : status.toString());
    }

    @Test
    void deliveredBatch_isQueryableByFunctionAndRequestId_inTimeOrder() {
        Http http = Http.at(port);
        String batch = "{\"records\":[" + String.join(",",
                record("logs-fn", "r-1", "Platform", "START RequestId:r-1", 1000, null),
                record("logs-fn", "r-1", "Custom", "hello from user code", 1001, null),
                record("logs-fn", "r-2", "Platform", "START RequestId:r-2", 1002, null),
                record("logs-fn", "r-1", "Platform", "END RequestId:r-1", 1003, null),
                record("logs-fn", "r-1", "Platform", "Report RequestId:r-1 Duration:12ms Memory:128MB MemUsage:21.5MB", 1004, 200),
                record("other-fn", "r-1", "Platform", "START RequestId:r-1", 1005, null)) + "]}";
        assertThat(http.post("/internal/v1/logs", batch).statusCode()).isEqualTo(202);

        JsonNode logs = Http.json(http.get("/api/v1/logs?functionName=logs-fn&requestId=r-1")).at("/Response/Logs");
        List<String> messages = new ArrayList<>();
        logs.forEach(l -> messages.add(l.get("SCF_Message").asString()));
        assertThat(messages).containsExactly("START RequestId:r-1", "hello from user code", "END RequestId:r-1",
                "Report RequestId:r-1 Duration:12ms Memory:128MB MemUsage:21.5MB");
        JsonNode report = logs.get(3);
        assertThat(report.get("SCF_StatusCode").asInt()).isEqualTo(200);
        assertThat(report.get("SCF_Duration").asLong()).isEqualTo(12);
        assertThat(report.get("SCF_MemUsage").asDouble()).isEqualTo(21.5);
        assertThat(report.get("SCF_Type").asString()).isEqualTo("Platform");
        assertThat(logs.get(1).get("SCF_Type").asString()).isEqualTo("Custom");

        assertThat(Http.json(http.get("/api/v1/logs?functionName=logs-fn")).at("/Response/Logs")).hasSize(5);
    }

    private static String invocation(String fn, String rid, long start, long end, int status) {
        return """
                {"namespace":"default","functionName":"%s","qualifier":"$LATEST","requestId":"%s","instanceId":"i-1",
                 "startTimeMillis":%d,"endTimeMillis":%d,"durationMs":%d,"memoryMb":128,"memUsageMb":21.5,"statusCode":%d,"retryNum":0}"""
                .formatted(fn, rid, start, end, end - start, status);
    }

    private static List<String> messages(JsonNode logs) {
        List<String> messages = new ArrayList<>();
        logs.forEach(l -> messages.add(l.get("SCF_Message").asString()));
        return messages;
    }

    @Test
    void anInvocationRecord_readsAsItsStartEndAndReportLines_aroundItsOutput() {
        Http http = Http.at(port);
        // two overlapping invocations, one output line each; r-b ends in the same millisecond as r-a's output line
        String batch = "{\"records\":[" + String.join(",",
                record("inv-fn", "r-a", "Custom", "a says hi", 2005, null),
                record("inv-fn", "r-b", "Custom", "b says hi", 2007, null))
                + "],\"invocations\":[" + String.join(",",
                invocation("inv-fn", "r-a", 2000, 2010, 200),
                invocation("inv-fn", "r-b", 2003, 2005, 502)) + "]}";
        assertThat(http.post("/internal/v1/logs", batch).statusCode()).isEqualTo(202);

        JsonNode a = Http.json(http.get("/api/v1/logs?functionName=inv-fn&requestId=r-a")).at("/Response/Logs");
        assertThat(messages(a)).containsExactly("START RequestId:r-a", "a says hi", "END RequestId:r-a",
                "Report RequestId:r-a Duration:10ms Memory:128MB MemUsage:21.500000MB");
        assertThat(a.get(0).get("SCF_LogTime").asLong()).isEqualTo(2000);
        assertThat(a.get(0).get("SCF_Duration").isNull()).as("only the Report carries the duration").isTrue();
        assertThat(a.get(2).get("SCF_LogTime").asLong()).isEqualTo(2010);
        JsonNode report = a.get(3);
        assertThat(report.get("SCF_Type").asString()).isEqualTo("Platform");
        assertThat(report.get("SCF_StatusCode").asInt()).isEqualTo(200);
        assertThat(report.get("SCF_Duration").asLong()).isEqualTo(10);
        assertThat(report.get("SCF_MemUsage").asDouble()).isEqualTo(21.5);
        assertThat(report.get("SCF_StartTime").asLong()).isEqualTo(2000);
        assertThat(report.get("SCF_Qualifier").asString()).isEqualTo("$LATEST");
        assertThat(report.get("SCF_Alias").asString()).as("called through no alias").isEmpty();

        JsonNode all = Http.json(http.get("/api/v1/logs?functionName=inv-fn")).at("/Response/Logs");
        assertThat(messages(all)).containsExactly("START RequestId:r-a", "START RequestId:r-b", "a says hi",
                "END RequestId:r-b", "Report RequestId:r-b Duration:2ms Memory:128MB MemUsage:21.500000MB",
                "b says hi", "END RequestId:r-a", "Report RequestId:r-a Duration:10ms Memory:128MB MemUsage:21.500000MB");
        assertThat(all.get(4).get("SCF_StatusCode").asInt()).isEqualTo(502);
        // pages cut across stored lines and invocation lines alike
        JsonNode page = Http.json(http.get("/api/v1/logs?functionName=inv-fn&offset=3&limit=3")).at("/Response/Logs");
        assertThat(messages(page)).containsExactly("END RequestId:r-b", "Report RequestId:r-b Duration:2ms Memory:128MB MemUsage:21.500000MB",
                "b says hi");
    }

    @Test
    void theAliasACallCameThrough_isOnEveryLineOfIt() {
        Http http = Http.at(port);
        String batch = "{\"records\":[" + record("alias-fn", "r-1", "Custom", "via prod", 3005, null).replace("\"qualifier\":\"$LATEST\"",
                "\"qualifier\":\"2\",\"alias\":\"prod\"") + "],\"invocations\":["
                + invocation("alias-fn", "r-1", 3000, 3010, 200).replace("\"qualifier\":\"$LATEST\"", "\"qualifier\":\"2\",\"alias\":\"prod\"") + "]}";
        assertThat(http.post("/internal/v1/logs", batch).statusCode()).isEqualTo(202);
        JsonNode lines = Http.json(http.get("/api/v1/logs?functionName=alias-fn&requestId=r-1")).at("/Response/Logs");
        assertThat(messages(lines)).hasSize(4);
        lines.forEach(l -> {
            assertThat(l.get("SCF_Alias").asString()).isEqualTo("prod");
            assertThat(l.get("SCF_Qualifier").asString()).isEqualTo("2");
        });
    }

    @Test
    void anInvocationEndingBeforeItStarts_refusesTheWholeBatch() {
        Http http = Http.at(port);
        String batch = "{\"records\":[" + record("bad-inv-fn", "r-8", "Custom", "kept only if all is well", 1, null)
                + "],\"invocations\":[" + invocation("bad-inv-fn", "r-8", 50, 40, 200) + "]}";
        var response = http.post("/internal/v1/logs", batch);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.errorCode(response)).isEqualTo("InvalidParameterValue");
        assertThat(Http.json(http.get("/api/v1/logs?functionName=bad-inv-fn")).at("/Response/Logs")).isEmpty();
    }

    @Test
    void anInvalidBatch_isRefusedWhole_andStoresNothing() {
        Http http = Http.at(port);
        int before = jdbc.sql("SELECT count(*) FROM log.log_record").query(Integer.class).single();
        String batch = "{\"records\":[" + record("bad-fn", "r-9", "Platform", "START RequestId:r-9", 1, null) + ","
                + record("bad-fn", "r-9", "Verbose", "no such type", 2, null) + "]}";
        var response = http.post("/internal/v1/logs", batch);
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(Http.errorCode(response)).isEqualTo("InvalidParameterValue");
        assertThat(jdbc.sql("SELECT count(*) FROM log.log_record").query(Integer.class).single()).isEqualTo(before);
    }

    @Test
    void aMessageOver8KB_keepsItsFirst8KB() {
        Http http = Http.at(port);
        String longMessage = "x".repeat(9000);
        assertThat(http.post("/internal/v1/logs", "{\"records\":[" + record("long-fn", "r-3", "Custom", longMessage, 5, null) + "]}").statusCode()).isEqualTo(202);
        JsonNode logs = Http.json(http.get("/api/v1/logs?functionName=long-fn")).at("/Response/Logs");
        assertThat(logs.get(0).get("SCF_Message").asString()).hasSize(8192);
    }

    @Test
    void aMessageWithTabsNewlinesBackslashesAndUnicode_isStoredAsSent() {
        Http http = Http.at(port);
        // JSON escapes: a tab, a newline, a carriage return, a backslash, "\\N" (COPY's null marker as text), non-ASCII
        String json = "col1\\tcol2\\nline2\\rend \\\\ path\\\\N \\u00e9\\u4e2d";
        assertThat(http.post("/internal/v1/logs", "{\"records\":[" + record("escape-fn", "r-4", "Custom", json, 6, null) + "]}").statusCode())
                .isEqualTo(202);
        JsonNode logs = Http.json(http.get("/api/v1/logs?functionName=escape-fn")).at("/Response/Logs");
        assertThat(logs.get(0).get("SCF_Message").asString()).isEqualTo("col1\tcol2\nline2\rend \\ path\\N \u00e9\u4e2d");
        assertThat(logs.get(0).get("SCF_RequestId").asString()).isEqualTo("r-4");
    }
}
