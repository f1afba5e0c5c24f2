package dev.faas.function.catalogue;

import java.util.Map;
import java.util.Set;

import org.springframework.stereotype.Component;

import dev.faas.function.alias.AliasRecord;
import dev.faas.function.alias.RoutingConfig;
import dev.faas.starter.api3.Api3Actions;
import dev.faas.starter.api3.Api3Request;

/** Alias actions of API 3.0 (wire §7 "Versions and aliases"). */
@Component
class AliasApi3 implements Api3Actions {
    private final AliasCatalogue aliases;

    AliasApi3(AliasCatalogue aliases) {
        this.aliases = aliases;
    }

    @Override
    public Set<String> actions() {
        return Set.of("CreateAlias", "GetAlias", "ListAliases", "UpdateAlias", "DeleteAlias");
    }

    @Override
    public Map<String, ?> call(String action, Api3Request r) {
        String namespace = r.namespace();
        return switch (action) {
            case "CreateAlias" -> {
                aliases.create(command(r, namespace));
                yield Map.of();
            }
            case "UpdateAlias" -> {
                aliases.update(command(r, namespace));
                yield Map.of();
            }
            case "GetAlias" -> aliases.get(namespace, r.functionName(), r.required("Name")).scf();
            case "ListAliases" -> {
                AliasCatalogue.Page page = aliases.list(namespace, r.functionName(), r.text("FunctionVersion", null),
                        r.number("Offset", 0), r.number("Limit", 20));
                yield Map.of("Aliases", page.aliases().stream().map(AliasRecord::scf).toList(), "TotalCount", page.total());
            }
            case "DeleteAlias" -> {
                aliases.delete(namespace, r.functionName(), r.required("Name"));
                yield Map.of();
            }
            default -> throw new IllegalArgumentException(action);
        };
    }

    private static AliasCatalogue.AliasCommand command(Api3Request r, String namespace) {
        return new AliasCatalogue.AliasCommand(namespace, r.functionName(), r.text("Name", null), r.text("FunctionVersion", null),
                r.field("RoutingConfig", RoutingConfig.class), r.text("Description", null));
    }
}
