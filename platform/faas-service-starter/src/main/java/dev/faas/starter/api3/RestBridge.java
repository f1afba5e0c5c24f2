package dev.faas.starter.api3;

import java.util.Map;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.starter.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Serves a REST call with an API 3.0 action, so both APIs share one application layer, one set of rules and one
 * answer shape: the JSON body (SCF's field names) with the path's fields put over it, then the action.
 */
public final class RestBridge {
    private final ObjectMapper json;

    public RestBridge(ObjectMapper json) {
        this.json = json;
    }

    /** @param pathFields field name, value, field name, value... (nulls are left out) */
    public Map<String, Object> call(Api3Actions feature, String action, byte[] body, HttpServletRequest http, String... pathFields) {
        ObjectNode node = (ObjectNode) Api3Request.parse(body, json);
        for (int i = 0; i + 1 < pathFields.length; i += 2) {
            if (pathFields[i + 1] != null) {
                node.put(pathFields[i], pathFields[i + 1]);
            }
        }
        Map<String, ?> answer = feature.call(action, new Api3Request(node, json, http.getHeader("X-TC-Region")));
        return ApiEnvelope.success(answer, RequestIdFilter.current(http));
    }
}
