package dev.faas.function.layer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.faas.function.FunctionServiceProperties;
import dev.faas.starter.api3.Api3Actions;
import dev.faas.starter.api3.Api3Request;
import tools.jackson.databind.JsonNode;

/** Layer actions of API 3.0 (wire §7 "Layers"). */
@Component
class LayerApi3 implements Api3Actions {
    private final LayerCatalogue layers;
    private final String gatewayUrl;

    LayerApi3(LayerCatalogue layers, FunctionServiceProperties properties) {
        this.layers = layers;
        this.gatewayUrl = properties.urls().gatewayUrl().replaceAll("/+$", "");
    }

    @Override
    public Set<String> actions() {
        return Set.of("PublishLayerVersion", "ListLayers", "ListLayerVersions", "GetLayerVersion", "DeleteLayerVersion");
    }

    @Override
    public Map<String, ?> call(String action, Api3Request r) {
        return switch (action) {
            case "PublishLayerVersion" -> {
                JsonNode content = r.node("Content");
                String zip = content != null && content.isObject() && content.get("ZipFile") != null && content.get("ZipFile").isString()
                        ? content.get("ZipFile").asString() : null;
                LayerVersionRecord v = layers.publish(new LayerCatalogue.PublishCommand(r.required("LayerName"),
                        r.strings("CompatibleRuntimes"), zip, r.text("Description", null), r.text("LicenseInfo", null)));
                yield Map.of("LayerVersion", v.version());
            }
            case "ListLayers" -> {
                LayerCatalogue.Page page = layers.listLayers(r.text("CompatibleRuntime", null), r.text("SearchKey", null),
                        r.number("Offset", 0), r.number("Limit", 20));
                yield Map.of("Layers", page.layers().stream().map(LayerVersionRecord::info).toList(), "TotalCount", page.total());
            }
            case "ListLayerVersions" -> Map.of("LayerVersions", layers.listVersions(r.required("LayerName"), r.strings("CompatibleRuntime"))
                    .stream().map(LayerVersionRecord::info).toList());
            case "GetLayerVersion" -> {
                LayerVersionRecord v = layers.get(r.required("LayerName"), r.longValue("LayerVersion"));
                Map<String, Object> m = new LinkedHashMap<>(v.info());
                m.put("CodeSha256", v.codeSha256());
                m.put("Location", gatewayUrl + "/api/v1/layers/" + v.layerName() + "/versions/" + v.version() + "/content");
                yield m;
            }
            case "DeleteLayerVersion" -> {
                layers.delete(r.required("LayerName"), r.longValue("LayerVersion"));
                yield Map.of();
            }
            default -> throw new IllegalArgumentException(action);
        };
    }
}
