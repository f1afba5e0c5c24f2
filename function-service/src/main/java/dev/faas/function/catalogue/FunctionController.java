package dev.faas.function.catalogue;

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

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.starter.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * REST API of functions: {@code /api/v1/namespaces/{namespace}/functions}. Bodies and answers use SCF's field names
 * inside the API 3.0 envelope, so one client model serves both APIs.
 */
@RestController
@RequestMapping("/api/v1/namespaces/{namespace}/functions")
class FunctionController {
    private final FunctionCatalogue catalogue;
    private final FunctionAnswers answers;

    FunctionController(FunctionCatalogue catalogue, FunctionAnswers answers) {
        this.catalogue = catalogue;
        this.answers = answers;
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@PathVariable String namespace, @RequestBody CreateFunctionRequest request, HttpServletRequest http) {
        return ApiEnvelope.success(answers.describe(catalogue.create(namespace, request)), RequestIdFilter.current(http));
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String namespace, @PathVariable String name, HttpServletRequest http) {
        return ApiEnvelope.success(answers.describe(catalogue.get(namespace, name)), RequestIdFilter.current(http));
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String namespace, @RequestParam(defaultValue = "0") int offset,
                             @RequestParam(defaultValue = "20") int limit, @RequestParam(required = false) String orderBy,
                             @RequestParam(required = false) String order, @RequestParam(required = false) String search,
                             HttpServletRequest http) {
        FunctionCatalogue.Page page = catalogue.list(new FunctionQuery(namespace, orderBy, order, search, null, List.of(), offset, limit));
        List<Map<String, Object>> functions = page.functions().stream().map(answers::summary).toList();
        return ApiEnvelope.success(Map.of("Functions", functions, "TotalCount", page.total()), RequestIdFilter.current(http));
    }

    @PutMapping("/{name}/code")
    Map<String, Object> updateCode(@PathVariable String namespace, @PathVariable String name, @RequestBody CreateFunctionRequest body,
                                   HttpServletRequest http) {
        String zip = body.code() == null ? null : body.code().zipFile();
        return ApiEnvelope.success(answers.describe(catalogue.updateCode(namespace, name, zip, body.handler())), RequestIdFilter.current(http));
    }

    @PutMapping("/{name}/configuration")
    Map<String, Object> updateConfiguration(@PathVariable String namespace, @PathVariable String name,
                                            @RequestBody UpdateConfigurationRequest body, HttpServletRequest http) {
        return ApiEnvelope.success(answers.describe(catalogue.updateConfiguration(namespace, name, body)), RequestIdFilter.current(http));
    }

    @DeleteMapping("/{name}")
    Map<String, Object> delete(@PathVariable String namespace, @PathVariable String name, HttpServletRequest http) {
        catalogue.delete(namespace, name);
        return ApiEnvelope.success(Map.of(), RequestIdFilter.current(http));
    }

}
