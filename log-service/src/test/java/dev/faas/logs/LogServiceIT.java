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
