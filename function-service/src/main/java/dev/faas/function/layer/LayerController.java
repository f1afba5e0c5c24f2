package dev.faas.function.layer;

import java.io.InputStream;
import java.util.Map;

import org.springframework.core.io.InputStreamResource;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.code.CodeStore;
import dev.faas.starter.ScfException;
import dev.faas.starter.api3.RestBridge;
import jakarta.servlet.http.HttpServletRequest;
import tools.jackson.databind.ObjectMapper;

/**
 * REST for layers ({@code /api/v1/layers}): publish, list, list versions, get, delete, and the package download that
 * GetLayerVersion's {@code Location} names. Each call is the API 3.0 action of the same name.
 */
@RestController
@RequestMapping("/api/v1/layers")
class LayerController {
    private final LayerApi3 actions;
    private final LayerCatalogue layers;
    private final CodeStore code;
    private final RestBridge rest;

    LayerController(LayerApi3 actions, LayerCatalogue layers, CodeStore code, ObjectMapper json) {
        this.actions = actions;
        this.layers = layers;
        this.code = code;
        this.rest = new RestBridge(json);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    Map<String, Object> publish(@RequestBody(required = false) byte[] body, HttpServletRequest http) {
        return rest.call(actions, "PublishLayerVersion", body, http);
    }

    @GetMapping
    Map<String, Object> list(@RequestParam(required = false) String runtime, @RequestParam(required = false) String search,
                             @RequestParam(required = false) String offset, @RequestParam(required = false) String limit, HttpServletRequest http) {
        return rest.call(actions, "ListLayers", null, http, "CompatibleRuntime", runtime, "SearchKey", search, "Offset", offset, "Limit", limit);
    }

    @GetMapping("/{name}/versions")
    Map<String, Object> versions(@PathVariable String name, HttpServletRequest http) {
        return rest.call(actions, "ListLayerVersions", null, http, "LayerName", name);
    }

    @GetMapping("/{name}/versions/{version}")
    Map<String, Object> version(@PathVariable String name, @PathVariable String version, HttpServletRequest http) {
        return rest.call(actions, "GetLayerVersion", null, http, "LayerName", name, "LayerVersion", version);
    }

    @DeleteMapping("/{name}/versions/{version}")
    Map<String, Object> delete(@PathVariable String name, @PathVariable String version, HttpServletRequest http) {
        return rest.call(actions, "DeleteLayerVersion", null, http, "LayerName", name, "LayerVersion", version);
    }

    @GetMapping("/{name}/versions/{version}/content")
    ResponseEntity<InputStreamResource> content(@PathVariable String name, @PathVariable long version) {
        LayerVersionRecord v = layers.get(name, version);
        InputStream in = code.open(v.codeSha256()).orElseThrow(() -> new ScfException(ScfError.CODE_NOT_FOUND, "The package of this layer version is missing."));
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
                .header("Content-Disposition", "attachment; filename=\"" + name + "-" + version + ".zip\"").body(new InputStreamResource(in));
    }
}
