package dev.faas.contracts.api;

import java.util.LinkedHashMap;
import java.util.Map;

import dev.faas.contracts.error.ScfError;

/**
 * The SCF API 3.0 response envelope (scf-api3-wire.md §5.1): {@code {"Response":{...,"RequestId":"..."}}} on
 * success and {@code {"Response":{"Error":{"Code","Message"},"RequestId"}}} on error. Maps, so that any JSON
 * library writes them unchanged and field order stays as built.
 */
public final class ApiEnvelope {
    private ApiEnvelope() {
    }

    public static Map<String, Object> success(Map<String, ?> fields, String requestId) {
        Map<String, Object> response = new LinkedHashMap<>(fields);
        response.put("RequestId", requestId);
        return Map.of("Response", response);
    }

    public static Map<String, Object> error(String code, String message, String requestId) {
        Map<String, Object> error = new LinkedHashMap<>();
        error.put("Code", code);
        error.put("Message", message);
        Map<String, Object> response = new LinkedHashMap<>();
        response.put("Error", error);
        response.put("RequestId", requestId);
        return Map.of("Response", response);
    }

    public static Map<String, Object> error(ScfError error, String message, String requestId) {
        return error(error.code(), message == null ? error.defaultMessage() : message, requestId);
    }
}
