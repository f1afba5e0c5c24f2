package dev.faas.function.catalogue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import dev.faas.function.FunctionServiceProperties;
import dev.faas.contracts.api.ScfTime;

/** A function as both APIs answer with it: SCF's {@code Function} summary and {@code GetFunction} fields. */
@Component
class FunctionAnswers {
    private final FunctionServiceProperties.Urls urls;
    private final LayerBindings layers;

    FunctionAnswers(FunctionServiceProperties properties, LayerBindings layers) {
        this.urls = properties.urls();
        this.layers = layers;
    }

    Map<String, Object> summary(FunctionRecord f) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FunctionName", f.name());
        m.put("FunctionId", f.id().toString());
        m.put("Namespace", f.namespace());
        m.put("Type", f.type());
        m.put("Runtime", f.runtime());
        m.put("Status", f.status());
        // creates and updates complete before the call returns, so a function is never seen Creating or Updating
        m.put("StatusDesc", "");
        m.put("StatusReasons", List.of());
        m.put("Description", f.description());
        m.put("AddTime", ScfTime.format(f.createdAt()));
        m.put("ModTime", ScfTime.format(f.updatedAt()));
        m.put("Tags", f.config().tagsOrEmpty());
        m.put("AsyncRunEnable", flag(f.config().asyncRunEnable()));
        m.put("TraceEnable", flag(f.config().traceEnable()));
        return m;
    }

    /** The configuration fields of GetFunction, with SCF's values for what was never set. */
    private void configuration(Map<String, Object> m, String type, FunctionConfig c) {
        m.put("Role", c.role() == null ? "" : c.role());
        m.put("InstallDependency", flag(c.installDependency()));
        m.put("ClsLogsetId", c.clsLogsetId() == null ? "" : c.clsLogsetId());
        m.put("ClsTopicId", c.clsTopicId() == null ? "" : c.clsTopicId());
        m.put("VpcConfig", c.vpcConfig() == null ? Map.of("VpcId", "", "SubnetId", "") : c.vpcConfig());
        m.put("Layers", layers.resolve(c.layersOrEmpty()).stream().map(dev.faas.function.layer.LayerVersionRecord::info).toList());
        if (c.deadLetterConfig() != null) {
            m.put("DeadLetterConfig", c.deadLetterConfig());
        }
        String publicNet = c.publicNetConfig() == null || c.publicNetConfig().publicNetStatus() == null ? "ENABLE"
                : c.publicNetConfig().publicNetStatus();
        String eip = c.publicNetConfig() == null || c.publicNetConfig().eipConfig() == null || c.publicNetConfig().eipConfig().eipStatus() == null
                ? "DISABLE" : c.publicNetConfig().eipConfig().eipStatus();
        m.put("PublicNetConfig", Map.of("PublicNetStatus", publicNet, "EipConfig", Map.of("EipStatus", eip, "EipAddress", List.of())));
        m.put("EipConfig", Map.of("EipFixed", "ENABLE".equals(eip) ? "TRUE" : "FALSE", "Eips", List.of()));
        m.put("CfsConfig", c.cfsConfig() == null ? Map.of("CfsInsList", List.of()) : c.cfsConfig());
        m.put("Tags", c.tagsOrEmpty());
        m.put("AsyncRunEnable", flag(c.asyncRunEnable()));
        m.put("TraceEnable", flag(c.traceEnable()));
        if (c.protocolType() != null) {
            m.put("ProtocolType", c.protocolType());
        }
        if (c.protocolParams() != null) {
            m.put("ProtocolParams", c.protocolParams());
        }
        m.put("InstanceConcurrencyConfig", c.instanceConcurrencyConfig() != null ? c.instanceConcurrencyConfig()
                : Map.of("DynamicEnabled", "FALSE", "MaxConcurrency", 1));
        m.put("DnsCache", flag(c.dnsCache()));
        m.put("AvailableStatus", "Available");
        m.put("Triggers", List.of());
    }

    private static String flag(String value) {
        return value == null ? "FALSE" : value;
    }

    /** GetFunction of a published version: the function's identity with the version's code and configuration. */
    Map<String, Object> describe(FunctionRecord f, VersionRecord v) {
        Map<String, Object> m = summary(f);
        m.put("Description", v.description());
        m.put("FunctionVersion", Integer.toString(v.version()));
        m.put("Qualifier", Integer.toString(v.version()));
        m.put("Runtime", v.runtime());
        m.put("Handler", v.handler());
        m.put("MemorySize", v.memoryMb());
        m.put("Timeout", v.timeoutSeconds());
        m.put("InitTimeout", v.initTimeoutSeconds());
        m.put("Environment", Map.of("Variables", v.environment()));
        m.put("CodeSize", v.codeSize());
        m.put("CodeSha256", v.codeSha256());
        configuration(m, f.type(), v.config());
        m.put("AddTime", ScfTime.format(v.createdAt()));
        m.put("ModTime", ScfTime.format(v.createdAt()));
        return m;
    }

    /** PublishVersion's answer. */
    Map<String, Object> published(FunctionRecord f, VersionRecord v) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("FunctionVersion", Integer.toString(v.version()));
        m.put("CodeSize", v.codeSize());
        m.put("MemorySize", v.memoryMb());
        m.put("Description", v.description());
        m.put("Handler", v.handler());
        m.put("Timeout", v.timeoutSeconds());
        m.put("Runtime", v.runtime());
        m.put("Namespace", f.namespace());
        return m;
    }

    /** ListVersionByFunction's answer: {@code $LATEST} first, then the page of published versions. */
    Map<String, Object> versions(FunctionRecord f, VersionCatalogue.Page page) {
        List<String> names = new java.util.ArrayList<>(List.of(FunctionCatalogue.LATEST));
        List<Map<String, Object>> details = new java.util.ArrayList<>();
        details.add(version(FunctionCatalogue.LATEST, f.description(), f.createdAt(), f.updatedAt()));
        for (VersionRecord v : page.versions()) {
            names.add(Integer.toString(v.version()));
            details.add(version(Integer.toString(v.version()), v.description(), v.createdAt(), v.createdAt()));
        }
        return Map.of("FunctionVersion", names, "Versions", details, "TotalCount", page.total() + 1);
    }

    private static Map<String, Object> version(String name, String description, java.time.Instant added, java.time.Instant modified) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("Version", name);
        m.put("Description", description);
        m.put("AddTime", ScfTime.format(added));
        m.put("ModTime", ScfTime.format(modified));
        m.put("Status", FunctionCatalogue.ACTIVE);
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
        configuration(m, f.type(), f.config());
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
