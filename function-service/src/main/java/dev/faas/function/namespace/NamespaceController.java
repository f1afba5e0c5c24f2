package dev.faas.function.namespace;

import java.util.List;
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

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.starter.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;

/** REST API of namespaces: {@code /api/v1/namespaces}. */
@RestController
@RequestMapping("/api/v1/namespaces")
class NamespaceController {
    private final NamespaceCatalogue namespaces;

    NamespaceController(NamespaceCatalogue namespaces) {
        this.namespaces = namespaces;
    }

    record NamespaceBody(@JsonProperty("Namespace") String namespace, @JsonProperty("Description") String description) {
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@RequestBody NamespaceBody body, HttpServletRequest http) {
        namespaces.create(body.namespace(), body.description());
        return ApiEnvelope.success(Map.of(), RequestIdFilter.current(http));
    }

    @PutMapping("/{namespace}")
    Map<String, Object> update(@PathVariable String namespace, @RequestBody NamespaceBody body, HttpServletRequest http) {
        namespaces.update(namespace, body.description());
        return ApiEnvelope.success(Map.of(), RequestIdFilter.current(http));
    }

    @DeleteMapping("/{namespace}")
    Map<String, Object> delete(@PathVariable String namespace, HttpServletRequest http) {
        namespaces.delete(namespace);
        return ApiEnvelope.success(Map.of(), RequestIdFilter.current(http));
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(defaultValue = "0") int offset, @RequestParam(defaultValue = "20") int limit,
                             @RequestParam(required = false) String orderBy, @RequestParam(required = false) String order,
                             HttpServletRequest http) {
        return ApiEnvelope.success(namespaces.list(offset, limit, orderBy, order, List.of()).scf(), RequestIdFilter.current(http));
    }

}
