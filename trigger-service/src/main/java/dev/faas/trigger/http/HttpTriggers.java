package dev.faas.trigger.http;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.feed.UrlBinding;
import dev.faas.starter.ScfException;
import dev.faas.starter.api3.Api3Request;
import dev.faas.trigger.TriggerProperties;
import dev.faas.trigger.definition.TriggerDefinition;
import dev.faas.trigger.definition.TriggerRepository;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.ObjectMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Triggers of type {@code http}, which are function URLs (DESIGN.md §3): created bound to {@code $LATEST}, a
 * version or an alias, checked with function-service first; the URL id is chosen once and never changes; at most
 * {@code faas.trigger.triggers-per-type} on a function. Each change is written with its URL-feed entry in one
 * transaction, so the gateway serves exactly what is stored.
 */
@Service
public class HttpTriggers {
    private static final char[] URL_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private final TriggerRepository triggers;
    private final UrlFeed feed;
    private final FunctionLookup functions;
    private final TriggerProperties properties;
    private final TransactionTemplate tx;
    private final ObjectMapper json;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    HttpTriggers(TriggerRepository triggers, UrlFeed feed, FunctionLookup functions, TriggerProperties properties, TransactionTemplate tx,
                 ObjectMapper json, Clock clock) {
        this.triggers = triggers;
        this.feed = feed;
        this.functions = functions;
        this.properties = properties;
        this.tx = tx;
        this.json = json;
        this.clock = clock;
    }

    public record CreateCommand(String namespace, String functionName, String triggerName, String type, String triggerDesc,
                                String qualifier, String enable) {
    }

    public TriggerDefinition create(CreateCommand c) {
        if (c.functionName() == null || c.functionName().isEmpty()) {
            throw new ScfException(ScfError.MISSING_PARAMETER, "FunctionName is required.");
        }
        TriggerRules.checkName(c.triggerName()).or(() -> TriggerRules.checkType(c.type())).or(() -> TriggerRules.checkEnable(c.enable()))
                .ifPresent(HttpTriggers::refuse);
        JsonNode desc = parseDesc(c.triggerDesc());
        TriggerRules.checkHttpDesc(desc).ifPresent(HttpTriggers::refuse);
        String qualifier = c.qualifier() == null || c.qualifier().isEmpty() ? "$LATEST" : c.qualifier();
        functions.requireQualifier(c.namespace(), c.functionName(), qualifier);
        Instant now = clock.instant();
        String urlId = newUrlId();
        int quota = functions.triggersPerType().orElse(properties.triggersPerType());
        TriggerDefinition t = new TriggerDefinition(UUID.randomUUID(), c.namespace(), c.functionName(), qualifier, c.triggerName(),
                TriggerRules.HTTP, storedDesc(desc), !"CLOSE".equals(c.enable()), now, now, urlId);
        try {
            tx.executeWithoutResult(status -> {
                List<TriggerDefinition> existing = triggers.lockOfFunction(c.namespace(), c.functionName());
                if (existing.stream().filter(e -> e.type().equals(TriggerRules.HTTP)).count() >= quota) {
                    throw new ScfException(ScfError.LIMIT_EXCEEDED_TRIGGER, "Function " + c.functionName() + " already has "
                            + quota + " http triggers.");
                }
                if (existing.stream().anyMatch(e -> e.name().equals(c.triggerName()))) {
                    throw new ScfException(ScfError.TRIGGER_IN_USE, "Trigger " + c.triggerName() + " of " + c.functionName() + " exists.");
                }
                triggers.insert(t);
                feed.upserted(binding(t));
            });
        } catch (DuplicateKeyException e) {
            throw new ScfException(ScfError.TRIGGER_IN_USE, "Trigger " + c.triggerName() + " of " + c.functionName() + " exists.");
        }
        return t;
    }

    public void delete(String namespace, String functionName, String triggerName, String type) {
        TriggerRules.checkType(type).ifPresent(HttpTriggers::refuse);
        tx.executeWithoutResult(status -> {
            TriggerDefinition t = triggers.lockOfFunction(namespace, functionName).stream()
                    .filter(e -> e.name().equals(triggerName) && e.type().equals(type)).findFirst()
                    .orElseThrow(() -> notFound(functionName, triggerName));
            triggers.delete(namespace, functionName, triggerName);
            feed.deleted(binding(t));
        });
    }

    /** UpdateTriggerStatus: {@code OPEN} serves the URL again, {@code CLOSE} makes it answer 404. */
    public void setStatus(String namespace, String functionName, String triggerName, String type, String enable) {
        TriggerRules.checkType(type).or(() -> TriggerRules.checkEnable(enable)).ifPresent(HttpTriggers::refuse);
        if (enable == null) {
            throw new ScfException(ScfError.MISSING_PARAMETER, "Enable is required.");
        }
        tx.executeWithoutResult(status -> {
            TriggerDefinition t = triggers.lockOfFunction(namespace, functionName).stream()
                    .filter(e -> e.name().equals(triggerName) && e.type().equals(type)).findFirst()
                    .orElseThrow(() -> notFound(functionName, triggerName));
            TriggerDefinition changed = t.withEnabled(enable.equals("OPEN"), clock.instant());
            triggers.setEnabled(changed);
            feed.upserted(binding(changed));
        });
    }

    /** Deletes every trigger of a function that was deleted (SCF deletes a function's triggers with it). */
    public int deleteAllOf(String namespace, String functionName) {
        return tx.execute(status -> {
            List<TriggerDefinition> all = triggers.lockOfFunction(namespace, functionName);
            for (TriggerDefinition t : all) {
                triggers.delete(namespace, functionName, t.name());
                if (t.urlId() != null) {
                    feed.deleted(binding(t));
                }
            }
            return all.size();
        });
    }

    public record Page(List<TriggerDefinition> triggers, int total) {
    }

    public Page list(String namespace, String functionName, int offset, int limit, String orderBy, String order, List<Api3Request.Filter> filters) {
        if (offset < 0) {
            throw new ScfException(ScfError.INVALID_OFFSET, "Offset must be 0 or more.");
        }
        if (limit < 1 || limit > 100) {
            throw new ScfException(ScfError.INVALID_LIMIT, "Limit must be 1 to 100.");
        }
        String by = orderBy == null ? "mod_time" : orderBy;
        Comparator<TriggerDefinition> comparator = switch (by) {
            case "add_time" -> Comparator.comparing(TriggerDefinition::createdAt);
            case "mod_time" -> Comparator.comparing(TriggerDefinition::updatedAt);
            default -> throw new ScfException(ScfError.INVALID_ORDER_BY, "OrderBy must be add_time or mod_time.");
        };
        String direction = order == null ? "DESC" : order.toUpperCase(java.util.Locale.ROOT);
        if (!direction.equals("ASC") && !direction.equals("DESC")) {
            throw new ScfException(ScfError.INVALID_ORDER, null);
        }
        comparator = comparator.thenComparing(TriggerDefinition::name);
        List<TriggerDefinition> all = triggers.ofFunction(namespace, functionName).stream()
                .filter(t -> filters == null || filters.stream().allMatch(f -> matches(t, f)))
                .sorted(direction.equals("ASC") ? comparator : comparator.reversed()).toList();
        int from = Math.min(offset, all.size());
        return new Page(all.subList(from, Math.min(all.size(), from + limit)), all.size());
    }

    private static boolean matches(TriggerDefinition t, Api3Request.Filter f) {
        String value = switch (f.name()) {
            case "Qualifier" -> t.qualifier();
            case "Type" -> t.type();
            case "TriggerName" -> t.name();
            default -> throw new ScfException(ScfError.INVALID_FILTERS, "Filter " + f.name() + " is not one of Qualifier, Type, TriggerName.");
        };
        return f.values().contains(value);
    }

    public java.util.Optional<UrlBinding> byUrlId(String urlId) {
        return triggers.findByUrlId(urlId).map(HttpTriggers::binding);
    }

    /** SCF's {@code Trigger} / {@code TriggerInfo}; an http trigger's TriggerDesc carries its UrlId and URLs. */
    public Map<String, Object> scf(TriggerDefinition t) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("TriggerName", t.name());
        m.put("Type", t.type());
        m.put("Qualifier", t.qualifier());
        m.put("TriggerDesc", describe(t));
        m.put("Enable", t.enabled() ? 1 : 0);
        m.put("AvailableStatus", "Available");
        m.put("CustomArgument", "");
        m.put("ResourceId", t.id().toString());
        m.put("BindStatus", "on");
        m.put("TriggerAttribute", "");
        m.put("AddTime", dev.faas.contracts.api.ScfTime.format(t.createdAt()));
        m.put("ModTime", dev.faas.contracts.api.ScfTime.format(t.updatedAt()));
        return m;
    }

    private String describe(TriggerDefinition t) {
        if (t.urlId() == null) {
            return t.descJson();
        }
        ObjectNode desc = (ObjectNode) json.readTree(t.descJson());
        desc.put("UrlId", t.urlId());
        String gateway = properties.gatewayUrl().replaceAll("/+$", "");
        desc.put("Url", gateway + "/fn/" + t.urlId() + "/");
        int scheme = gateway.indexOf("://");
        int port = gateway.indexOf(':', scheme + 3);
        String portPart = port < 0 ? "" : gateway.substring(port).replaceAll("/.*", "");
        desc.put("HostUrl", gateway.substring(0, scheme + 3) + t.urlId() + "." + properties.domain() + portPart + "/");
        desc.put("WsUrl", gateway.replaceFirst("^http", "ws") + "/fn/" + t.urlId() + "/");
        return json.writeValueAsString(desc);
    }

    private JsonNode parseDesc(String desc) {
        if (desc == null || desc.isBlank()) {
            return null;
        }
        try {
            return json.readTree(desc);
        } catch (RuntimeException e) {
            throw new ScfException(ScfError.INVALID_TRIGGER_DESC, "TriggerDesc is not valid JSON.");
        }
    }

    /** The TriggerDesc kept: what was given, with SCF's defaults for the URL's auth and network. */
    private String storedDesc(JsonNode given) {
        ObjectNode desc = given == null ? json.createObjectNode() : (ObjectNode) given.deepCopy();
        if (!desc.has("AuthType") || desc.get("AuthType").isNull()) {
            desc.put("AuthType", "NONE");
        }
        if (!desc.has("NetConfig") || desc.get("NetConfig").isNull()) {
            desc.putObject("NetConfig").put("EnableIntranet", false).put("EnableExtranet", true);
        }
        return json.writeValueAsString(desc);
    }

    private static UrlBinding binding(TriggerDefinition t) {
        return new UrlBinding(t.urlId(), t.namespace(), t.functionName(), t.qualifier(), t.name(), "NONE", t.enabled());
    }

    /** 16 characters of [a-z0-9]: a valid DNS label, about 82 bits of randomness. */
    private String newUrlId() {
        char[] id = new char[16];
        for (int i = 0; i < id.length; i++) {
            id[i] = URL_ID_ALPHABET[random.nextInt(URL_ID_ALPHABET.length)];
        }
        return new String(id);
    }

    private static ScfException notFound(String function, String trigger) {
        return new ScfException(ScfError.TRIGGER_NOT_FOUND, "Trigger " + trigger + " of " + function + " does not exist.");
    }

    private static void refuse(TriggerRules.Refusal r) {
        throw new ScfException(r.error(), r.message());
    }
}
