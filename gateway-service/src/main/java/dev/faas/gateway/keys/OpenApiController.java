package dev.faas.gateway.keys;

import org.springframework.core.io.ClassPathResource;
import org.springframework.core.io.Resource;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** The OpenAPI document of the REST API, public at a stable path; its source is {@code docs/api/openapi.yaml}. */
@RestController
class OpenApiController {
    private final Resource document = new ClassPathResource("faas-api/openapi.yaml");

    @GetMapping(RestAuthentication.OPENAPI_PATH)
    ResponseEntity<Resource> openApi() {
        return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/yaml")).body(document);
    }
}
