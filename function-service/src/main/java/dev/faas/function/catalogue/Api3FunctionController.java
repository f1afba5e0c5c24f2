package dev.faas.function.catalogue;

import java.util.List;
import java.util.Map;

import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.contracts.error.ScfError;
import dev.faas.function.namespace.NamespaceCatalogue;
import dev.faas.starter.RequestIdFilter;
import dev.faas.starter.ScfException;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;

/**
 * function-service's API 3.0 actions, over the same application layer as its REST API. The gateway verifies the
 * signature and posts the action's JSON body here; the answer is the envelope the gateway returns (errors with their
 * catalogue status, which the gateway turns into HTTP 200).
 */
@RestController
class Api3FunctionController {
    private static final String DEFAULT_NAMESPACE = "default";
    private final FunctionCatalogue catalogue;
    private final NamespaceCatalogue namespaces;
    private final VersionCatalogue versions;
    private final FunctionAnswers answers;
    private final ObjectMapper json;

    Api3FunctionController(FunctionCatalogue catalogue, NamespaceCatalogue namespaces, VersionCatalogue versions, FunctionAnswers answers,
                           ObjectMapper json) {
        this.catalogue = catalogue;
        this.namespaces = namespaces;
        this.versions = versions;
        this.answers = answers;
        this.json = json;
    }

    @PostMapping("/internal/v1/api3/{action}")
    Map<String, Object> call(@PathVariable String action, @RequestBody(required = false) byte[] body, HttpServletRequest http) {
        JsonNode request = parse(body);
        String namespace = text(request, "Namespace", DEFAULT_NAMESPACE);
        Map<String, ?> answer = switch (action) {
            case "CreateFunction" -> {
                catalogue.create(namespace, convert(request, CreateFunctionRequest.class));
                yield Map.of();
            }
            case "GetFunction" -> {
                String name = requiredName(request);
                String qualifier = text(request, "Qualifier", FunctionCatalogue.LATEST);
                FunctionRecord fn = catalogue.get(namespace, name);
                yield FunctionCatalogue.LATEST.equals(qualifier) ? answers.describe(fn) : answers.describe(fn, versions.get(namespace, name, qualifier));
            }
            case "PublishVersion" -> {
                String name = requiredName(request);
                VersionRecord v = versions.publish(namespace, name, text(request, "Description", null));
                yield answers.published(catalogue.get(namespace, name), v);
            }
            case "ListVersionByFunction" -> {
                String name = requiredName(request);
                yield answers.versions(catalogue.get(namespace, name), versions.list(namespace, name, number(request, "Offset", 0),
                        number(request, "Limit", 20), text(request, "OrderBy", null), text(request, "Order", null)));
            }
            case "ListFunctions" -> {
                List<Map<String, Object>> functions = catalogue.list(namespace, number(request, "Offset", 0), number(request, "Limit", 20))
                        .stream().map(answers::summary).toList();
                yield Map.of("Functions", functions, "TotalCount", catalogue.count(namespace));
            }
            case "UpdateFunctionCode" -> {
                // the code may come as Code.ZipFile or, in the legacy form, as a top-level ZipFile
                JsonNode code = request.get("Code");
                String zip = code != null && code.isObject() ? text(code, "ZipFile", null) : text(request, "ZipFile", null);
                catalogue.updateCode(namespace, requiredName(request), zip, text(request, "Handler", null));
                yield Map.of();
            }
            case "UpdateFunctionConfiguration" -> {
                catalogue.updateConfiguration(namespace, requiredName(request), convert(request, UpdateConfigurationRequest.class));
                yield Map.of();
            }
            case "DeleteFunction" -> {
                // without a Qualifier the function goes with all its versions; with one, that version only
                String qualifier = text(request, "Qualifier", null);
                if (qualifier == null) {
                    catalogue.delete(namespace, requiredName(request));
                } else if (FunctionCatalogue.LATEST.equals(qualifier)) {
                    throw new ScfException(ScfError.INVALID_QUALIFIER, "$LATEST cannot be deleted on its own; omit Qualifier to delete the function.");
                } else {
                    versions.delete(namespace, requiredName(request), qualifier);
                }
                yield Map.of();
            }
            case "CreateNamespace" -> {
                namespaces.create(required(request, "Namespace"), text(request, "Description", null));
                yield Map.of();
            }
            case "UpdateNamespace" -> {
                namespaces.update(required(request, "Namespace"), text(request, "Description", null));
                yield Map.of();
            }
            case "DeleteNamespace" -> {
                namespaces.delete(required(request, "Namespace"));
                yield Map.of();
            }
            case "ListNamespaces" -> namespaces.list(number(request, "Offset", 0), number(request, "Limit", 20),
                    text(request, "Orderby", null), text(request, "Order", null), searchKeys(request)).scf();
            default -> throw new ScfException(ScfError.INVALID_ACTION, "Action " + action + " is not served by function-service.");
        };
        return ApiEnvelope.success(answer, RequestIdFilter.current(http));
    }

    private JsonNode parse(byte[] body) {
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

    private <T> T convert(JsonNode node, Class<T> type) {
        try {
            return json.treeToValue(node, type);
        } catch (JacksonException e) {
            throw new ScfException(ScfError.INVALID_PARAMETER, "A field of the request has the wrong type.");
        }
    }

    private static String text(JsonNode node, String field, String fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (!value.isString()) {
            throw new ScfException(ScfError.INVALID_PARAMETER, field + " must be a string.");
        }
        return value.asString();
    }

    private static String requiredName(JsonNode node) {
        return required(node, "FunctionName");
    }

    private static String required(JsonNode node, String field) {
        String value = text(node, field, null);
        if (value == null || value.isEmpty()) {
            throw new ScfException(ScfError.MISSING_PARAMETER, field + " is required.");
        }
        return value;
    }

    private static List<NamespaceCatalogue.SearchKey> searchKeys(JsonNode node) {
        JsonNode keys = node.get("SearchKey");
        if (keys == null || keys.isNull()) {
            return List.of();
        }
        if (!keys.isArray()) {
            throw new ScfException(ScfError.INVALID_SEARCH_KEY, "SearchKey must be a list of {Key, Value}.");
        }
        List<NamespaceCatalogue.SearchKey> result = new java.util.ArrayList<>();
        keys.forEach(k -> result.add(new NamespaceCatalogue.SearchKey(text(k, "Key", null), text(k, "Value", ""))));
        return result;
    }

    /** Numbers may come as JSON numbers or numeric strings (scf-api3-wire.md §4.1). */
    private static int number(JsonNode node, String field, int fallback) {
        JsonNode value = node.get(field);
        if (value == null || value.isNull()) {
            return fallback;
        }
        if (value.isIntegralNumber()) {
            return value.asInt();
        }
        if (value.isString() && value.asString().matches("-?\\d{1,9}")) {
            return Integer.parseInt(value.asString());
        }
        ScfError error = field.equals("Offset") ? ScfError.INVALID_OFFSET : field.equals("Limit") ? ScfError.INVALID_LIMIT : ScfError.INVALID_PARAMETER;
        throw new ScfException(error, field + " must be an integer.");
    }

}
