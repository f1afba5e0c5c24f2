package dev.faas.starter.api3;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.contracts.error.ScfError;
import dev.faas.starter.RequestIdFilter;
import dev.faas.starter.ScfException;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.ObjectMapper;

/**
 * A service's API 3.0 endpoint, {@code POST /internal/v1/api3/{action}}. The gateway verifies the signature and posts
 * the action's JSON body here; the answer is the envelope the gateway returns (errors with their catalogue status,
 * which the gateway turns into HTTP 200). Each feature serves its actions ({@link Api3Actions}) over the same
 * application layer as its REST API. Registered by the starter in every service that has actions.
 */
@RestController
public class Api3Controller {
    private final Map<String, Api3Actions> byAction = new HashMap<>();
    private final ObjectMapper json;

    public Api3Controller(List<Api3Actions> features, ObjectMapper json) {
        for (Api3Actions feature : features) {
            for (String action : feature.actions()) {
                if (byAction.put(action, feature) != null) {
                    throw new IllegalStateException("API 3.0 action " + action + " is served twice");
                }
            }
        }
        this.json = json;
    }

    @PostMapping("/internal/v1/api3/{action}")
    Map<String, Object> call(@PathVariable String action, @RequestBody(required = false) byte[] body, HttpServletRequest http) {
        Api3Actions feature = byAction.get(action);
        if (feature == null) {
            throw new ScfException(ScfError.INVALID_ACTION, "Action " + action + " is not served here.");
        }
        return ApiEnvelope.success(feature.call(action, new Api3Request(Api3Request.parse(body, json), json, http.getHeader("X-TC-Region"))), RequestIdFilter.current(http));
    }

}
