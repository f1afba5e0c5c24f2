package dev.faas.function.catalogue;

import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.starter.api3.RestBridge;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.ObjectMapper;

/**
 * REST for a function's versions and aliases, copies and the account: {@code /api/v1/namespaces/{ns}/functions/{name}/...}
 * and {@code /api/v1/account}. Bodies and answers are SCF's fields in the envelope; each call is the API 3.0 action
 * of the same name, so the rules and codes are the same.
 */
@RestController
class FunctionResourcesController {
    private static final String FUNCTION = "/api/v1/namespaces/{namespace}/functions/{name}";
    private final FunctionApi3 functions;
    private final AliasApi3 aliases;
    private final RestBridge rest;

    FunctionResourcesController(FunctionApi3 functions, AliasApi3 aliases, ObjectMapper json) {
        this.functions = functions;
        this.aliases = aliases;
        this.rest = new RestBridge(json);
    }

    @GetMapping("/api/v1/account")
    Map<String, Object> account(HttpServletRequest http) {
        return rest.call(functions, "GetAccount", null, http);
    }

    @PostMapping(FUNCTION + "/copy")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> copy(@PathVariable String namespace, @PathVariable String name, @RequestBody(required = false) byte[] body, HttpServletRequest http) {
        return rest.call(functions, "CopyFunction", body, http, "Namespace", namespace, "FunctionName", name);
    }

    @PostMapping(FUNCTION + "/versions")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> publish(@PathVariable String namespace, @PathVariable String name, @RequestBody(required = false) byte[] body,
                                HttpServletRequest http) {
        return rest.call(functions, "PublishVersion", body, http, "Namespace", namespace, "FunctionName", name);
    }

    @GetMapping(FUNCTION + "/versions")
    Map<String, Object> versions(@PathVariable String namespace, @PathVariable String name, @RequestParam(required = false) String offset,
                                 @RequestParam(required = false) String limit, @RequestParam(required = false) String order,
                                 @RequestParam(required = false) String orderBy, HttpServletRequest http) {
        return rest.call(functions, "ListVersionByFunction", null, http, "Namespace", namespace, "FunctionName", name, "Offset", offset,
                "Limit", limit, "Order", order, "OrderBy", orderBy);
    }

    @GetMapping(FUNCTION + "/versions/{version}")
    Map<String, Object> version(@PathVariable String namespace, @PathVariable String name, @PathVariable String version, HttpServletRequest http) {
        return rest.call(functions, "GetFunction", null, http, "Namespace", namespace, "FunctionName", name, "Qualifier", version);
    }

    @DeleteMapping(FUNCTION + "/versions/{version}")
    Map<String, Object> deleteVersion(@PathVariable String namespace, @PathVariable String name, @PathVariable String version, HttpServletRequest http) {
        return rest.call(functions, "DeleteFunction", null, http, "Namespace", namespace, "FunctionName", name, "Qualifier", version);
    }

    @PostMapping(FUNCTION + "/aliases")
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> createAlias(@PathVariable String namespace, @PathVariable String name, @RequestBody(required = false) byte[] body,
                                    HttpServletRequest http) {
        return rest.call(aliases, "CreateAlias", body, http, "Namespace", namespace, "FunctionName", name);
    }

    @GetMapping(FUNCTION + "/aliases")
    Map<String, Object> listAliases(@PathVariable String namespace, @PathVariable String name, @RequestParam(required = false) String version,
                                    @RequestParam(required = false) String offset, @RequestParam(required = false) String limit,
                                    HttpServletRequest http) {
        return rest.call(aliases, "ListAliases", null, http, "Namespace", namespace, "FunctionName", name, "FunctionVersion", version,
                "Offset", offset, "Limit", limit);
    }

    @GetMapping(FUNCTION + "/aliases/{alias}")
    Map<String, Object> alias(@PathVariable String namespace, @PathVariable String name, @PathVariable String alias, HttpServletRequest http) {
        return rest.call(aliases, "GetAlias", null, http, "Namespace", namespace, "FunctionName", name, "Name", alias);
    }

    @PutMapping(FUNCTION + "/aliases/{alias}")
    Map<String, Object> updateAlias(@PathVariable String namespace, @PathVariable String name, @PathVariable String alias,
                                    @RequestBody(required = false) byte[] body, HttpServletRequest http) {
        return rest.call(aliases, "UpdateAlias", body, http, "Namespace", namespace, "FunctionName", name, "Name", alias);
    }

    @DeleteMapping(FUNCTION + "/aliases/{alias}")
    Map<String, Object> deleteAlias(@PathVariable String namespace, @PathVariable String name, @PathVariable String alias, HttpServletRequest http) {
        return rest.call(aliases, "DeleteAlias", null, http, "Namespace", namespace, "FunctionName", name, "Name", alias);
    }
}
