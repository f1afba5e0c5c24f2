package dev.faas.trigger.definition;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.starter.api3.Api3Actions;
import dev.faas.starter.api3.RestBridge;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.ObjectMapper;

/**
 * REST for a function's triggers, {@code /api/v1/namespaces/{ns}/functions/{fn}/triggers}: list, create, delete and
 * enable/disable, each the API 3.0 action of the same name (answers in SCF's {@code Trigger} shape).
 */
@RestController
@RequestMapping("/api/v1/namespaces/{namespace}/functions/{function}/triggers")
class TriggerController {
    private final Api3Actions actions;
    private final RestBridge rest;

    TriggerController(java.util.List<Api3Actions> features, ObjectMapper json) {
        this.actions = features.stream().filter(f -> f.actions().contains("CreateTrigger")).findFirst().orElseThrow();
        this.rest = new RestBridge(json);
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String namespace, @PathVariable String function, @RequestParam(required = false) String offset,
                             @RequestParam(required = false) String limit, @RequestParam(required = false) String orderBy,
                             @RequestParam(required = false) String order, HttpServletRequest http) {
        return rest.call(actions, "ListTriggers", null, http, "Namespace", namespace, "FunctionName", function, "Offset", offset, "Limit", limit,
                "OrderBy", orderBy, "Order", order);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@PathVariable String namespace, @PathVariable String function, @RequestBody(required = false) byte[] body,
                               HttpServletRequest http) {
        return rest.call(actions, "CreateTrigger", body, http, "Namespace", namespace, "FunctionName", function);
    }

    @DeleteMapping("/{trigger}")
    Map<String, Object> delete(@PathVariable String namespace, @PathVariable String function, @PathVariable String trigger,
                               @RequestParam(defaultValue = "http") String type, HttpServletRequest http) {
        return rest.call(actions, "DeleteTrigger", null, http, "Namespace", namespace, "FunctionName", function, "TriggerName", trigger, "Type", type);
    }

    @PutMapping("/{trigger}/status")
    Map<String, Object> status(@PathVariable String namespace, @PathVariable String function, @PathVariable String trigger,
                               @RequestParam(defaultValue = "http") String type, @RequestBody(required = false) byte[] body, HttpServletRequest http) {
        return rest.call(actions, "UpdateTriggerStatus", body, http, "Namespace", namespace, "FunctionName", function, "TriggerName", trigger,
                "Type", type);
    }
}
