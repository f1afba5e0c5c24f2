package dev.faas.function.namespace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.faas.contracts.error.ScfError;
import dev.faas.starter.api3.Api3Actions;
import dev.faas.starter.api3.Api3Request;
import dev.faas.starter.ScfException;
import tools.jackson.databind.JsonNode;

/** Namespace actions of API 3.0 (wire §7 "Namespaces"). */
@Component
class NamespaceApi3 implements Api3Actions {
    private final NamespaceCatalogue namespaces;

    NamespaceApi3(NamespaceCatalogue namespaces) {
        this.namespaces = namespaces;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CreateNamespace", "UpdateNamespace", "DeleteNamespace", "ListNamespaces");
    }

    @Override
    public Map<String, ?> call(String action, Api3Request r) {
        switch (action) {
            case "CreateNamespace" -> namespaces.create(r.required("Namespace"), r.text("Description", null));
            case "UpdateNamespace" -> namespaces.update(r.required("Namespace"), r.text("Description", null));
            case "DeleteNamespace" -> namespaces.delete(r.required("Namespace"));
            case "ListNamespaces" -> {
                return namespaces.list(r.number("Offset", 0), r.number("Limit", 20), r.text("Orderby", null), r.text("Order", null),
                        searchKeys(r.node("SearchKey"))).scf();
            }
            default -> throw new IllegalArgumentException(action);
        }
        return Map.of();
    }

    private static List<NamespaceCatalogue.SearchKey> searchKeys(JsonNode keys) {
        if (keys == null) {
            return List.of();
        }
        if (!keys.isArray()) {
            throw new ScfException(ScfError.INVALID_SEARCH_KEY, "SearchKey must be a list of {Key, Value}.");
        }
        List<NamespaceCatalogue.SearchKey> result = new ArrayList<>();
        for (JsonNode k : keys) {
            JsonNode key = k.get("Key");
            JsonNode value = k.get("Value");
            if (key != null && !key.isString() || value != null && !value.isString() && !value.isNull()) {
                throw new ScfException(ScfError.INVALID_SEARCH_KEY, "SearchKey entries are {Key, Value} strings.");
            }
            result.add(new NamespaceCatalogue.SearchKey(key == null ? null : key.asString(), value == null || value.isNull() ? "" : value.asString()));
        }
        return result;
    }
}
