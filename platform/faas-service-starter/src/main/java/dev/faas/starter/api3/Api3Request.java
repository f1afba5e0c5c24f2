package dev.faas.starter.api3;

import java.util.ArrayList;
import java.util.List;

import dev.faas.contracts.error.ScfError;
import dev.faas.starter.ScfException;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.exc.MismatchedInputException;

/**
 * One API 3.0 action's JSON body with the reading rules of scf-api3-wire.md §4.1: a field of the wrong JSON type is
 * refused with {@code InvalidParameter} naming the field; integers may also come as numeric strings; unknown fields
 * are ignored.
 */
public final class Api3Request {
    private static final String DEFAULT_NAMESPACE = "default";
    private final JsonNode body;
    private final ObjectMapper json;
    private final String region;

    Api3Request(JsonNode body, ObjectMapper json, String region) {
        this.body = body;
        this.json = json;
        this.region = region == null ? "" : region;
    }

    /** A JSON object body; an empty body is an empty object, anything else is {@code InvalidParameter.Payload}. */
    static JsonNode parse(byte[] body, ObjectMapper json) {
        if (body == null || body.length == 0) {
            return json.createObjectNode();
        }
        try {
            JsonNode node = json.readTree(body);
            if (!node.isObject()) {
                throw new ScfException(ScfError.INVALID_PARAMETER_PAYLOAD, "The request body must be a JSON object.");
            }
            return node;
        } catch (JacksonException e) {
            throw new ScfException(ScfError.INVALID_PARAMETER_PAYLOAD, "The request body is not valid JSON.");
        }
    }

    /** The region the caller addressed ({@code X-TC-Region}), which is the only region this platform serves. */
    public String region() {
        return region;
    }

    public String namespace() {
        return text("Namespace", DEFAULT_NAMESPACE);
    }

    public String text(String field, String fallback) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isString()) {
            throw new ScfException(ScfError.INVALID_PARAMETER, field + " must be a string.");
        }
        return value.asString();
    }

    public String required(String field) {
        String value = text(field, null);
        if (value == null || value.isEmpty()) {
            throw new ScfException(ScfError.MISSING_PARAMETER, field + " is required.");
        }
        return value;
    }

    public String functionName() {
        return required("FunctionName");
    }

    /** Integers may come as JSON numbers or numeric strings (ListAliases sends Offset and Limit as strings). */
    public int number(String field, int fallback) {
        Long value = longValue(field);
        return value == null ? fallback : (int) Math.max(Integer.MIN_VALUE, Math.min(Integer.MAX_VALUE, value));
    }

    public Long longValue(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isIntegralNumber() && value.canConvertToLong()) {
            return value.asLong();
        }
        if (value.isString() && value.asString().matches("-?\\d{1,18}")) {
            return Long.parseLong(value.asString());
        }
        ScfError error = switch (field) {
            case "Offset" -> ScfError.INVALID_OFFSET;
            case "Limit" -> ScfError.INVALID_LIMIT;
            default -> ScfError.INVALID_PARAMETER;
        };
        throw new ScfException(error, field + " must be an integer.");
    }

    public Boolean bool(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (value.isBoolean()) {
            return value.asBoolean();
        }
        if (value.isString() && (value.asString().equalsIgnoreCase("true") || value.asString().equalsIgnoreCase("false"))) {
            return Boolean.parseBoolean(value.asString());
        }
        throw new ScfException(ScfError.INVALID_PARAMETER, field + " must be true or false.");
    }

    public List<String> strings(String field) {
        JsonNode value = body.get(field);
        if (value == null || value.isNull()) {
            return null;
        }
        if (!value.isArray()) {
            throw new ScfException(ScfError.INVALID_PARAMETER, field + " must be a list of strings.");
        }
        List<String> result = new ArrayList<>();
        for (JsonNode item : value) {
            if (!item.isString()) {
                throw new ScfException(ScfError.INVALID_PARAMETER, field + " must be a list of strings.");
            }
            result.add(item.asString());
        }
        return result;
    }

    /** One {@code Filter} of a list action: a name and the values any of which it matches. */
    public record Filter(String name, List<String> values) {
    }

    /** SCF's {@code Filters [{Name, Values[]}]}; a malformed list is {@code InvalidParameterValue.Filters}. */
    public List<Filter> filters(String field) {
        JsonNode node = node(field);
        if (node == null) {
            return List.of();
        }
        if (!node.isArray()) {
            throw new ScfException(ScfError.INVALID_FILTERS, field + " must be a list of {Name, Values}.");
        }
        List<Filter> filters = new ArrayList<>();
        for (JsonNode f : node) {
            JsonNode name = f.get("Name");
            JsonNode values = f.get("Values");
            if (name == null || !name.isString() || values == null || !values.isArray()) {
                throw new ScfException(ScfError.INVALID_FILTERS, "Each filter is {Name, Values[]}.");
            }
            List<String> list = new ArrayList<>();
            for (JsonNode v : values) {
                if (!v.isString()) {
                    throw new ScfException(ScfError.INVALID_FILTERS, "Filter values are strings.");
                }
                list.add(v.asString());
            }
            filters.add(new Filter(name.asString(), list));
        }
        return filters;
    }

    public JsonNode node(String field) {
        JsonNode value = body.get(field);
        return value == null || value.isNull() ? null : value;
    }

    /** The whole body (or one field) bound to a record with SCF's field names. */
    public <T> T as(Class<T> type) {
        return bind(body, type, null);
    }

    public <T> T field(String field, Class<T> type) {
        JsonNode value = node(field);
        return value == null ? null : bind(value, type, field);
    }

    private <T> T bind(JsonNode node, Class<T> type, String prefix) {
        try {
            return json.treeToValue(node, type);
        } catch (MismatchedInputException e) {
            String path = e.getPath().stream().map(r -> r.getPropertyName() != null ? r.getPropertyName() : "[" + r.getIndex() + "]")
                    .reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            String where = prefix == null ? path : path.isEmpty() ? prefix : prefix + "." + path;
            throw new ScfException(ScfError.INVALID_PARAMETER, (where.isEmpty() ? "A field" : where) + " has the wrong type.");
        } catch (JacksonException e) {
            throw new ScfException(ScfError.INVALID_PARAMETER, "A field of the request has the wrong type.");
        }
    }
}
