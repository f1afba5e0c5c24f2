package dev.faas.logs.records;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.contracts.log.LogBatch;
import dev.faas.contracts.log.LogRecord;
import dev.faas.starter.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * Delivery ({@code POST /internal/v1/logs}, from schedulers) and query ({@code GET /api/v1/logs}, through the
 * gateway). Query answers carry SCF's 14 fields per line (spec part 1 §10.1).
 */
@RestController
class LogController {
    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss.SSS").withZone(ZoneOffset.UTC);
    private final LogStore store;

    LogController(LogStore store) {
        this.store = store;
    }

    @PostMapping("/internal/v1/logs")
    @ResponseStatus(HttpStatus.ACCEPTED)
    Map<String, Object> deliver(@RequestBody LogBatch batch) {
        return Map.of("accepted", store.accept(batch));
    }

    @GetMapping("/api/v1/logs")
    Map<String, Object> query(@RequestParam(defaultValue = "default") String namespace, @RequestParam String functionName,
                              @RequestParam(required = false) String requestId, @RequestParam(defaultValue = "0") int offset,
                              @RequestParam(defaultValue = "1000") int limit, HttpServletRequest http) {
        List<Map<String, Object>> lines = store.find(namespace, functionName, requestId, offset, limit).stream().map(LogController::scf).toList();
        return ApiEnvelope.success(Map.of("Logs", lines, "TotalCount", lines.size()), RequestIdFilter.current(http));
    }

    static Map<String, Object> scf(LogRecord r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("SCF_FunctionName", r.functionName());
        m.put("SCF_Namespace", r.namespace());
        m.put("SCF_StartTime", r.startTimeMillis());
        m.put("SCF_LogTime", r.logTimeMillis());
        m.put("SCF_RequestId", r.requestId());
        m.put("SCF_Duration", r.durationMs());
        m.put("SCF_Alias", r.alias() == null ? "" : r.alias());
        m.put("SCF_Qualifier", r.qualifier());
        m.put("SCF_MemUsage", r.memUsageMb());
        m.put("SCF_Level", r.level());
        m.put("SCF_Message", r.message());
        m.put("SCF_Type", r.type());
        m.put("SCF_StatusCode", r.statusCode());
        m.put("SCF_RetryNum", r.retryNum());
        m.put("Time", TIME.format(Instant.ofEpochMilli(r.logTimeMillis())));
        return m;
    }
}
