package dev.faas.contracts.error;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Invocation status codes of web and event functions (spec part 1 §4.5 and §17): the HTTP status the caller of a
 * function URL gets when the platform, not the function, answers, with SCF's exact message.
 *
 * <p>The body the platform answers with is SCF's {@code {"errorCode":-1,"errorMessage":"<message>","statusCode":N}}.
 */
public enum FunctionStatus {
    SUCCESS(200, "Success"),
    STILL_RUNNING(202, "Running"),
    INVALID_SUBNET_ID(404, "InvalidSubnetID"),
    CONTAINER_EXITED_BY_USER(405, "ContainerStateExitedByUser"),
    REQUEST_TOO_LARGE(406, "RequestTooLarge"),
    RESPONSE_TOO_LARGE(407, "The HTTP response body exceeds the size limit."),
    SCALE_UP_RATE_LIMIT(429, "ResourceLimit"),
    MAX_CONCURRENCY_LIMIT(429, "MaxConcurrencyLimit"),
    USER_CODE_EXCEPTION(430, "User code exception caught"),
    RESOURCE_LIMIT_REACHED(432, "ResourceLimitReached"),
    TIME_LIMIT_REACHED(433, "TimeLimitReached"),
    MEMORY_LIMIT_REACHED(434, "MemoryLimitReached"),
    USER_PROCESS_EXIT(439, "User process exit when running"),
    SESSION_UNAVAILABLE(443, "session is unavailable"),
    PORT_BINDING_FAILED(446, "PortBindingFailed"),
    SESSION_INVALID_ARGUMENT(453, "InvalidArgument"),
    WEBSOCKET_IDLE_TIMEOUT(455, "WebSocketIdleTimeout"),
    WEBSOCKET_CLIENT_CLOSED(456, "WebSocketClosedByClient"),
    REQUEST_CANCELLED(499, "kRequestCancelled"),
    FUNCTION_NOT_FOUND(404, "FunctionNotFound"),
    INTERNAL_ERROR(500, "InternalError");

    private final int statusCode;
    private final String message;

    FunctionStatus(int statusCode, String message) {
        this.statusCode = statusCode;
        this.message = message;
    }

    public int statusCode() {
        return statusCode;
    }

    public String message() {
        return message;
    }

    /** SCF's error body for this status, in a stable key order. */
    public Map<String, Object> body() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("errorCode", -1);
        body.put("errorMessage", message);
        body.put("statusCode", statusCode);
        return body;
    }

    /** The same body as JSON text, for places that write bytes directly. */
    public String bodyJson() {
        return "{\"errorCode\":-1,\"errorMessage\":\"" + message.replace("\"", "\\\"") + "\",\"statusCode\":" + statusCode + "}";
    }
}
