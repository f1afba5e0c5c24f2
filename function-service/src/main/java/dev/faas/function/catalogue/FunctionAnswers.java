package dev.faas.function.catalogue;

import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.LinkedHashMap;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.faas.function.FunctionServiceProperties;

/** A function as both APIs answer with it: SCF's {@code Function} summary and {@code GetFunction} fields. */
@Component
class FunctionAnswers {
    private static final DateTimeFormatter SCF_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);
    private final FunctionServiceProperties.Urls urls;

    FunctionAnswers(FunctionServiceProperties properties) {
        this.urls = properties.urls();
    }

    Map<String, Object> summary(FunctionRecord f) {
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

    Map<String, Object> describe(FunctionRecord f) {
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
