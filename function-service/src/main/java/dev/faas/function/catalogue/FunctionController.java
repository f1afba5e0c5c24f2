package dev.faas.function.catalogue;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.function.FunctionServiceProperties;
import dev.faas.starter.RequestIdFilter;
import jakarta.servlet.http.HttpServletRequest;

/**
 * REST API of functions: {@code /api/v1/namespaces/{namespace}/functions}. Bodies and answers use SCF's field names
 * inside the API 3.0 envelope, so one client model serves both APIs.
 */
@RestController
@RequestMapping("/api/v1/namespaces/{namespace}/functions")
class FunctionController {
    private static final DateTimeFormatter SCF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private final FunctionCatalogue catalogue;
    private final FunctionServiceProperties.Urls urls;

    FunctionController(FunctionCatalogue catalogue, FunctionServiceProperties properties) {
        this.catalogue = catalogue;
        this.urls = properties.urls();
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> create(@PathVariable String namespace, @RequestBody CreateFunctionRequest request, HttpServletRequest http) {
        return ApiEnvelope.success(describe(catalogue.create(namespace, request)), RequestIdFilter.current(http));
    }

    @GetMapping("/{name}")
    Map<String, Object> get(@PathVariable String namespace, @PathVariable String name, HttpServletRequest http) {
        return ApiEnvelope.success(describe(catalogue.get(namespace, name)), RequestIdFilter.current(http));
    }

    @GetMapping
    Map<String, Object> list(@PathVariable String namespace, @RequestParam(defaultValue = "0") int offset,
                             @RequestParam(defaultValue = "20") int limit, HttpServletRequest http) {
        List<Map<String, Object>> functions = catalogue.list(namespace, offset, limit).stream().map(this::summary).toList();
        return ApiEnvelope.success(Map.of("Functions", functions, "TotalCount", catalogue.count(namespace)), RequestIdFilter.current(http));
    }

    @DeleteMapping("/{name}")
    Map<String, Object> delete(@PathVariable String namespace, @PathVariable String name, HttpServletRequest http) {
        catalogue.delete(namespace, name);
        return ApiEnvelope.success(Map.of(), RequestIdFilter.current(http));
    }

    private Map<String, Object> summary(FunctionRecord f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FunctionName", f.name());
        m.put("FunctionId", f.id().toString());
        m.put("Namespace", f.namespace());
        m.put("Type", f.type());
        m.put("Runtime", f.runtime());
        m.put("Status", f.status());
        m.put("Description", f.description());
        m.put("AddTime", SCF_TIME.format(f.createdAt()));
        m.put("ModTime", SCF_TIME.format(f.updatedAt()));
        return m;
    }

    private Map<String, Object> describe(FunctionRecord f) {
        Map<String, Object> m = summary(f);
        m.put("FunctionVersion", FunctionCatalogue.LATEST);
        m.put("Qualifier", FunctionCatalogue.LATEST);
        m.put("Handler", f.handler());
        m.put("MemorySize", f.memoryMb());
        m.put("Timeout", f.timeoutSeconds());
        m.put("InitTimeout", f.initTimeoutSeconds());
        m.put("Environment", Map.of("Variables", f.environment()));
        m.put("CodeSize", f.codeSize());
        m.put("CodeSha256", f.codeSha256());
        m.put("Revision", f.revision());
        if (f.urlId() != null) {
            Map<String, Object> url = new LinkedHashMap<>();
            url.put("UrlId", f.urlId());
            url.put("Url", urls.gatewayUrl().replaceAll("/+$", "") + "/fn/" + f.urlId() + "/");
            url.put("HostUrl", hostUrl(f.urlId()));
            m.put("FunctionUrl", url);
        }
        return m;
    }

    private String hostUrl(String urlId) {
        String gateway = urls.gatewayUrl();
        int scheme = gateway.indexOf("://");
        int port = gateway.indexOf(':', scheme + 3);
        String portPart = port < 0 ? "" : gateway.substring(port).replaceAll("/.*", "");
        return gateway.substring(0, scheme + 3) + urlId + "." + urls.domain() + portPart + "/";
    }
}
