package dev.faas.trigger.http;

import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.faas.starter.api3.Api3Actions;
import dev.faas.starter.api3.Api3Request;

/** Trigger actions of API 3.0 (wire §7 "Triggers"), and {@code UpdateTriggerStatus} that newer clients send. */
@Component
class TriggerApi3 implements Api3Actions {
    private final HttpTriggers triggers;

    TriggerApi3(HttpTriggers triggers) {
        this.triggers = triggers;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CreateTrigger", "ListTriggers", "DeleteTrigger", "UpdateTriggerStatus");
    }

    @Override
    public Map<String, ?> call(String action, Api3Request r) {
        String namespace = r.namespace();
        return switch (action) {
            case "CreateTrigger" -> Map.of("TriggerInfo", triggers.scf(triggers.create(new HttpTriggers.CreateCommand(namespace,
                    r.functionName(), r.text("TriggerName", null), r.text("Type", null), r.text("TriggerDesc", null),
                    r.text("Qualifier", null), r.text("Enable", null)))));
            case "DeleteTrigger" -> {
                triggers.delete(namespace, r.functionName(), r.required("TriggerName"), r.required("Type"));
                yield Map.of();
            }
            case "UpdateTriggerStatus" -> {
                triggers.setStatus(namespace, r.functionName(), r.required("TriggerName"), r.required("Type"), r.text("Enable", null));
                yield Map.of();
            }
            case "ListTriggers" -> {
                HttpTriggers.Page page = triggers.list(namespace, r.functionName(), r.number("Offset", 0), r.number("Limit", 20),
                        r.text("OrderBy", null), r.text("Order", null), r.filters("Filters"));
                yield Map.of("Triggers", page.triggers().stream().map(triggers::scf).toList(), "TotalCount", page.total());
            }
            default -> throw new IllegalArgumentException(action);
        };
    }
}
