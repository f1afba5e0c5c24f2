package dev.faas.trigger.definition;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.starter.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;

/** Read side of triggers: {@code GET /api/v1/namespaces/{ns}/functions/{fn}/triggers}, in SCF's {@code Trigger} shape. */
@RestController
class TriggerController {
    private final TriggerRepository triggers;

    TriggerController(TriggerRepository triggers) {
        this.triggers = triggers;
    }

    @GetMapping("/api/v1/namespaces/{namespace}/functions/{function}/triggers")
    Map<String, Object> list(@PathVariable String namespace, @PathVariable String function, HttpServletRequest http) {
        List<Map<String, Object>> list = triggers.ofFunction(namespace, function).stream().map(TriggerController::scf).toList();
        return ApiEnvelope.success(Map.of("Triggers", list, "TotalCount", list.size()), RequestIdFilter.current(http));
    }

    private static Map<String, Object> scf(TriggerDefinition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("TriggerName", t.name());
        m.put("Type", t.type());
        m.put("Qualifier", t.qualifier());
        m.put("TriggerDesc", t.descJson());
        m.put("Enable", t.enabled() ? 1 : 0);
        m.put("AddTime", t.createdAt().toString());
        m.put("ModTime", t.updatedAt().toString());
        return m;
    }
}
