package dev.faas.gateway.keys;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import com.fasterxml.jackson.annotation.JsonProperty;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.contracts.api.ScfHeaders;
import dev.faas.contracts.error.ScfError;
import dev.faas.gateway.GatewayProperties;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

/**
 * Access keys over REST ({@code /api/v1/keys}): create (the secret is in that answer only), list, enable, disable,
 * delete. Protecting this API with CAM policies comes with the authorisation work.
 */
@RestController
@RequestMapping("/api/v1/keys")
class KeyController {
    private final AccessKeys keys;
    private final GatewayProperties properties;

    KeyController(AccessKeys keys, GatewayProperties properties) {
        this.keys = keys;
        this.properties = properties;
    }

    record CreateKeyRequest(@JsonProperty("Description") String description) {
    }

    @PostMapping
    Mono<ResponseEntity<Map<String, Object>>> create(@RequestBody(required = false) CreateKeyRequest request) {
        return blocking(() -> {
            AccessKeys.NewKey key = keys.create(properties.uin(), request == null ? null : request.description());
            return ResponseEntity.status(HttpStatus.CREATED).body(ApiEnvelope.success(
                    Map.of("SecretId", key.secretId(), "SecretKey", key.secretKey(), "Status", AccessKeys.ENABLED), ScfHeaders.newRequestId()));
        });
    }

    @GetMapping
    Mono<ResponseEntity<Map<String, Object>>> list() {
        return blocking(() -> ResponseEntity.ok(ApiEnvelope.success(Map.of("Keys", keys.list().stream().map(k -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("SecretId", k.secretId());
            m.put("Status", k.status());
            m.put("Description", k.description());
            m.put("CreateTime", k.createdAt().toString());
            return m;
        }).toList()), ScfHeaders.newRequestId())));
    }

    @PostMapping("/{secretId}/disable")
    Mono<ResponseEntity<Map<String, Object>>> disable(@PathVariable String secretId) {
        return blocking(() -> found(keys.setEnabled(secretId, false), secretId));
    }

    @PostMapping("/{secretId}/enable")
    Mono<ResponseEntity<Map<String, Object>>> enable(@PathVariable String secretId) {
        return blocking(() -> found(keys.setEnabled(secretId, true), secretId));
    }

    @DeleteMapping("/{secretId}")
    Mono<ResponseEntity<Map<String, Object>>> delete(@PathVariable String secretId) {
        return blocking(() -> found(keys.delete(secretId), secretId));
    }

    private static ResponseEntity<Map<String, Object>> found(boolean found, String secretId) {
        String requestId = ScfHeaders.newRequestId();
        return found ? ResponseEntity.ok(ApiEnvelope.success(Map.of(), requestId))
                : ResponseEntity.status(HttpStatus.NOT_FOUND).body(ApiEnvelope.error(ScfError.RESOURCE_NOT_FOUND, "No key " + secretId + ".", requestId));
    }

    private static <T> Mono<T> blocking(Callable<T> work) {
        return Mono.fromCallable(work).subscribeOn(Schedulers.boundedElastic());
    }
}
