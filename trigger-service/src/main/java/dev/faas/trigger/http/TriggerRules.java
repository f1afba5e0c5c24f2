package dev.faas.trigger.http;

import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

import dev.faas.contracts.error.ScfError;
import tools.jackson.databind.JsonNode;

/**
 * The rules of CreateTrigger (wire §7 "Triggers", spec part 1 §12, §13.2) for what this platform serves: a trigger
 * name of 1–100 characters starting with a letter; {@code Type} {@code http} (the other SCF types are known and
 * refused as not served yet); {@code Enable} {@code OPEN} or {@code CLOSE}; an http {@code TriggerDesc} that is a
 * JSON object with {@code AuthType} {@code NONE} (CAM comes with signed invocation) and a {@code NetConfig} that
 * leaves the URL reachable. Plain Java, table-tested.
 */
final class TriggerRules {
    static final String HTTP = "http";
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,99}");
    /** SCF's trigger types and the self-hosted adapters to come (spec part 1 §12.2). */
    private static final Set<String> LATER = Set.of("timer", "cos", "cmq", "ckafka", "apigw", "cls", "clb", "mps", "cm", "vod", "eb",
            "kafka", "amqp", "rabbitmq", "nats", "mqtt", "s3");

    private TriggerRules() {
    }

    record Refusal(ScfError error, String message) {
    }

    static Optional<Refusal> checkName(String name) {
        if (name == null || name.isEmpty()) {
            return refuse(ScfError.MISSING_PARAMETER, "TriggerName is required.");
        }
        return NAME.matcher(name).matches() ? Optional.empty()
                : refuse(ScfError.INVALID_TRIGGER_NAME, "TriggerName must be 1-100 letters, digits, '-' or '_', starting with a letter.");
    }

    static Optional<Refusal> checkType(String type) {
        if (type == null || type.isEmpty()) {
            return refuse(ScfError.MISSING_PARAMETER, "Type is required.");
        }
        if (HTTP.equals(type)) {
            return Optional.empty();
        }
        if (LATER.contains(type)) {
            return refuse(ScfError.UNSUPPORTED_TRIGGER, "Triggers of type " + type + " are not served yet; http (function URL) is.");
        }
        return refuse(ScfError.INVALID_TYPE, "Type " + type + " is not a trigger type.");
    }

    static Optional<Refusal> checkEnable(String enable) {
        return enable == null || enable.equals("OPEN") || enable.equals("CLOSE") ? Optional.empty() : refuse(ScfError.INVALID_ENABLE, null);
    }

    /** @param desc the parsed TriggerDesc, or null when none was given (the defaults then apply) */
    static Optional<Refusal> checkHttpDesc(JsonNode desc) {
        if (desc == null) {
            return Optional.empty();
        }
        if (!desc.isObject()) {
            return refuse(ScfError.INVALID_TRIGGER_DESC, "TriggerDesc of an http trigger is a JSON object such as {\"AuthType\":\"NONE\"}.");
        }
        JsonNode auth = desc.get("AuthType");
        if (auth != null && !auth.isNull()) {
            if (!auth.isString() || !(auth.asString().equals("NONE") || auth.asString().equals("CAM"))) {
                return refuse(ScfError.INVALID_TRIGGER_DESC, "AuthType is NONE or CAM.");
            }
            if (auth.asString().equals("CAM")) {
                return refuse(ScfError.UNSUPPORTED_TRIGGER, "AuthType CAM is not served yet; use NONE.");
            }
        }
        JsonNode net = desc.get("NetConfig");
        if (net != null && !net.isNull()) {
            if (!net.isObject() || !isBoolean(net.get("EnableIntranet")) || !isBoolean(net.get("EnableExtranet"))) {
                return refuse(ScfError.INVALID_TRIGGER_DESC, "NetConfig is {\"EnableIntranet\": true|false, \"EnableExtranet\": true|false}.");
            }
            boolean intranet = net.get("EnableIntranet") != null && net.get("EnableIntranet").asBoolean();
            boolean extranet = net.get("EnableExtranet") == null || net.get("EnableExtranet").asBoolean();
            if (!intranet && !extranet) {
                return refuse(ScfError.INVALID_TRIGGER_DESC, "NetConfig turns off both the intranet and the extranet URL.");
            }
        }
        return Optional.empty();
    }

    private static boolean isBoolean(JsonNode n) {
        return n == null || n.isNull() || n.isBoolean();
    }

    private static Optional<Refusal> refuse(ScfError error, String message) {
        return Optional.of(new Refusal(error, message == null ? error.defaultMessage() : message));
    }
}
