package dev.faas.gateway.api3;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.server.ServerWebExchange;

import dev.faas.contracts.api.ApiEnvelope;
import dev.faas.contracts.api.ScfHeaders;
import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.tc3.Tc3Request;
import dev.faas.contracts.tc3.Tc3Verifier;
import dev.faas.gateway.GatewayProperties;
import dev.faas.gateway.invoke.SlotKeeper;
import dev.faas.gateway.keys.AccessKeys;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * SCF API 3.0 at {@code POST /}: reads the raw body (hashed as received), verifies the TC3 signature, and sends the
 * action to the service that owns it ({@code POST <service>/internal/v1/api3/<Action>}). Every answer is HTTP 200
 * with the {@code {"Response":{...,"RequestId"}}} envelope, errors included: the SDK reads no body of a non-200
 * answer (scf-api3-wire.md §5.2).
 */
@RestController
class Api3Controller {
    static final String VERSION = "2018-04-16";
    static final String PRINCIPAL = "X-Faas-Principal";
    /** ListTriggers' largest page. */
    private static final int TRIGGER_PAGE = 100;
    /** How long GetFunction waits for the function's triggers before answering without them. */
    private static final Duration TRIGGERS_WAIT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(Api3Controller.class);
    private final Tc3Verifier verifier;
    private final AccessKeys keys;
    private final ActionDirectory actions;
    private final ReplayCache replays;
    private final WebClient services;
    private final ObjectMapper json;
    private final int maxBody;
    private final SlotKeeper slots;
    private final String triggerServiceUrl;

    /** Actions after which the slots this gateway keeps are given back: the quota they were admitted under changed. */
    private static final java.util.Set<String> QUOTA_CHANGES = java.util.Set.of("PutReservedConcurrencyConfig",
            "DeleteReservedConcurrencyConfig", "PutTotalConcurrencyConfig");

    Api3Controller(AccessKeys keys, GatewayProperties properties, WebClient.Builder web, ObjectMapper json, Clock clock, SlotKeeper slots) {
        this.slots = slots;
        this.verifier = new Tc3Verifier(clock, Duration.ofSeconds(300));
        this.keys = keys;
        this.actions = new ActionDirectory(properties);
        this.triggerServiceUrl = properties.triggerServiceUrl();
        this.replays = new ReplayCache(Duration.ofSeconds(310), clock);
        this.services = web.clone().codecs(c -> c.defaultCodecs().maxInMemorySize(16 * 1024 * 1024)).build();
        this.json = json;
        this.maxBody = (int) Math.min(Integer.MAX_VALUE, properties.keys().maxApiBody().toBytes());
    }

    @PostMapping("/")
    Mono<ResponseEntity<byte[]>> call(ServerWebExchange exchange) {
        String requestId = ScfHeaders.newRequestId();
        ServerHttpRequest request = exchange.getRequest();
        return DataBufferUtils.join(request.getBody(), maxBody)
                .map(buffer -> {
                    byte[] bytes = new byte[buffer.readableByteCount()];
                    buffer.read(bytes);
                    DataBufferUtils.release(buffer);
                    return bytes;
                })
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> handle(request, body, requestId))
                .onErrorResume(DataBufferLimitException.class, e -> Mono.just(error(ScfError.REQUEST_SIZE_LIMIT_EXCEEDED,
                        "The request body exceeds " + maxBody / (1024 * 1024) + " MB.", requestId)))
                .onErrorResume(e -> {
                    log.warn("API 3.0 request {} failed: {}", requestId, e.toString());
                    return Mono.just(error(ScfError.INTERNAL_ERROR, null, requestId));
                })
                .map(bytes -> ResponseEntity.ok().contentType(MediaType.APPLICATION_JSON).header(ScfHeaders.REQUEST_ID, requestId).body(bytes));
    }

    private Mono<byte[]> handle(ServerHttpRequest request, byte[] body, String requestId) {
        Map<String, String> headers = new HashMap<>();
        request.getHeaders().headerNames().forEach(name -> headers.put(name, request.getHeaders().getFirst(name)));
        Tc3Request signed = new Tc3Request(request.getMethod().name(), request.getURI().getRawQuery(), headers, body);
        String action = signed.header("X-TC-Action");
        if (action == null || action.isBlank()) {
            return Mono.just(error(ScfError.INVALID_ACTION, "The X-TC-Action header is missing.", requestId));
        }
        String version = signed.header("X-TC-Version");
        if (!VERSION.equals(version)) {
            return Mono.just(error(ScfError.NO_SUCH_VERSION, "X-TC-Version must be " + VERSION + ".", requestId));
        }
        return Mono.fromCallable(() -> verifier.verify(signed, keys)).subscribeOn(Schedulers.boundedElastic())
                .flatMap(outcome -> switch (outcome) {
                    case Tc3Verifier.Refused r -> Mono.just(error(r.error(), r.message(), requestId));
                    case Tc3Verifier.Verified v -> ReplayCache.appliesTo(action)
                            ? replays.answer(signed.header("Authorization"), () -> dispatch(action, v, signed, requestId))
                            : dispatch(action, v, signed, requestId);
                });
    }

    private Mono<byte[]> dispatch(String action, Tc3Verifier.Verified principal, Tc3Request request, String requestId) {
        return switch (actions.route(action)) {
            case ActionDirectory.Unknown u -> Mono.just(error(ScfError.INVALID_ACTION, "Action " + action + " does not exist.", requestId));
            case ActionDirectory.NotYet n -> Mono.just(error(ScfError.UNSUPPORTED_OPERATION, "Action " + action + " is not available yet.", requestId));
            case ActionDirectory.Owner owner -> send(owner.baseUrl(), action, principal, request, request.body(), requestId)
                    .doOnNext(answer -> {
                        if (QUOTA_CHANGES.contains(action)) {
                            slots.configurationChanged();
                        }
                    })
                    .map(answer -> isEnvelope(answer) ? answer : error(ScfError.INTERNAL_ERROR, null, requestId))
                    .flatMap(answer -> "GetFunction".equals(action) ? withTriggers(answer, principal, request, requestId) : Mono.just(answer));
        };
    }

    private Mono<byte[]> send(String baseUrl, String action, Tc3Verifier.Verified principal, Tc3Request request, byte[] body, String requestId) {
        return services.post().uri(baseUrl + "/internal/v1/api3/{action}", action)
                .contentType(MediaType.APPLICATION_JSON)
                .header(ScfHeaders.REQUEST_ID, requestId)
                .header(PRINCIPAL, principal.secretId())
                .header("X-TC-Region", request.header("X-TC-Region") == null ? "" : request.header("X-TC-Region"))
                .bodyValue(body)
                .exchangeToMono(response -> response.bodyToMono(byte[].class).defaultIfEmpty(new byte[0]))
                .timeout(Duration.ofSeconds(60));
    }

    /**
     * GetFunction's {@code Triggers}: function-service owns the function, trigger-service its triggers (DESIGN.md
     * §2), so the answer is completed here with every trigger of the function, as ListTriggers gives them. When
     * trigger-service does not answer (within {@link #TRIGGERS_WAIT}), the function is still described (GetFunction
     * is what a deployment polls for {@code Active}), with no triggers, and the failure logged.
     */
    private Mono<byte[]> withTriggers(byte[] answer, Tc3Verifier.Verified principal, Tc3Request request, String requestId) {
        JsonNode root = json.readTree(answer);
        JsonNode response = root.get("Response");
        if (response.has("Error") || !response.hasNonNull("FunctionName")) {
            return Mono.just(answer);
        }
        String namespace = response.hasNonNull("Namespace") ? response.get("Namespace").asString() : "default";
        ArrayNode triggers = json.createArrayNode();
        return triggerPage(namespace, response.get("FunctionName").asString(), principal, request, requestId, triggers)
                .timeout(TRIGGERS_WAIT)
                .map(all -> {
                    ((ObjectNode) response).set("Triggers", all);
                    return json.writeValueAsBytes(root);
                })
                .onErrorResume(e -> {
                    log.warn("GetFunction {}: the function's triggers could not be read: {}", requestId, e.toString());
                    return Mono.just(answer);
                });
    }

    /** ListTriggers from {@code into}'s size on, 100 at a time, until all are in {@code into}. */
    private Mono<ArrayNode> triggerPage(String namespace, String function, Tc3Verifier.Verified principal, Tc3Request request, String requestId,
                                        ArrayNode into) {
        ObjectNode query = json.createObjectNode().put("Namespace", namespace).put("FunctionName", function)
                .put("Offset", into.size()).put("Limit", TRIGGER_PAGE).put("OrderBy", "add_time").put("Order", "ASC");
        return send(triggerServiceUrl, "ListTriggers", principal, request, json.writeValueAsBytes(query), requestId).flatMap(bytes -> {
            JsonNode page = json.readTree(bytes).get("Response");
            if (page == null || page.has("Error") || !page.has("Triggers")) {
                return Mono.error(new IllegalStateException("ListTriggers answered " + new String(bytes, StandardCharsets.UTF_8)));
            }
            page.get("Triggers").forEach(into::add);
            boolean more = page.get("Triggers").size() == TRIGGER_PAGE && into.size() < page.path("TotalCount").asInt();
            return more ? triggerPage(namespace, function, principal, request, requestId, into) : Mono.just(into);
        });
    }

    private boolean isEnvelope(byte[] answer) {
        try {
            JsonNode node = json.readTree(answer);
            return node.isObject() && node.get("Response") != null && node.get("Response").isObject();
        } catch (RuntimeException e) {
            return false;
        }
    }

    private byte[] error(ScfError error, String message, String requestId) {
        return json.writeValueAsBytes(ApiEnvelope.error(error, message, requestId));
    }
}
