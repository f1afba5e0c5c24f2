package dev.faas.function.catalogue;

import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.feed.FunctionChange;
import dev.faas.function.FunctionServiceProperties;
import dev.faas.function.quota.Quotas;
import dev.faas.function.Paging;
import dev.faas.function.alias.AliasRecord;
import dev.faas.function.alias.RoutingConfig;
import dev.faas.function.alias.RoutingRules;
import dev.faas.function.feed.ChangeFeed;
import dev.faas.starter.ScfException;

/**
 * Aliases (spec part 1 §16): {@code $DEFAULT} always exists (pointing to {@code $LATEST} until it is updated) and cannot
 * be deleted; other aliases are created, updated (the routing is replaced whole) and deleted; at most
 * {@code faas.function.aliases-per-function}. Every change goes on the change feed so the gateway routes by it at once.
 * Changes lock the function row, so an alias never points to a version being deleted.
 */
@Service
class AliasCatalogue {
    private final AliasRepository aliases;
    private final TransactionTemplate tx;
    private final FunctionCatalogue functions;
    private final VersionCatalogue versions;
    private final ChangeFeed feed;
    private final Quotas quotas;
    private final Clock clock;

    AliasCatalogue(AliasRepository aliases, TransactionTemplate tx, FunctionCatalogue functions, VersionCatalogue versions, ChangeFeed feed,
                   Quotas quotas, Clock clock) {
        this.aliases = aliases;
        this.tx = tx;
        this.functions = functions;
        this.versions = versions;
        this.feed = feed;
        this.quotas = quotas;
        this.clock = clock;
    }

    record AliasCommand(String namespace, String functionName, String name, String functionVersion, RoutingConfig routing,
                        String description) {
    }

    void create(AliasCommand c) {
        if (RoutingRules.DEFAULT_ALIAS.equals(c.name())) {
            throw new ScfException(ScfError.ALIAS_IN_USE, "$DEFAULT always exists; update it instead.");
        }
        RoutingRules.checkName(c.name()).ifPresent(AliasCatalogue::refuse);
        FunctionRecord fn = functions.get(c.namespace(), c.functionName());
        check(fn, c);
        Instant now = clock.instant();
        try {
            tx.executeWithoutResult(status -> {
                functions.lockedById(fn.id()).orElseThrow(() -> missing(c));
                check(fn, c);
                int count = aliases.countUserAliases(fn.id());
                int quota = quotas.getInt(Quotas.Quota.ALIASES_PER_FUNCTION);
                if (count + 1 >= quota) {
                    throw new ScfException(ScfError.LIMIT_EXCEEDED_ALIAS,
                            "Function " + fn.name() + " has " + (count + 1) + " aliases, $DEFAULT included; the limit is " + quota + ".");
                }
                aliases.insert(new AliasRecord(fn.id(), c.name(), c.functionVersion(), routingOf(c), description(c.description()), now, now));
                announce(fn);
            });
        } catch (DuplicateKeyException e) {
            throw new ScfException(ScfError.ALIAS_IN_USE, "Alias " + c.name() + " of " + fn.name() + " exists.");
        }
    }

    void update(AliasCommand c) {
        FunctionRecord fn = functions.get(c.namespace(), c.functionName());
        AliasRecord current = get(fn, c.name());
        String main = c.functionVersion() == null || c.functionVersion().isEmpty() ? current.functionVersion() : c.functionVersion();
        AliasCommand next = new AliasCommand(c.namespace(), c.functionName(), c.name(), main, c.routing(), c.description());
        check(fn, next);
        tx.executeWithoutResult(status -> {
            functions.lockedById(fn.id()).orElseThrow(() -> missing(c));
            check(fn, next);
            Instant now = clock.instant();
            AliasRecord updated = new AliasRecord(fn.id(), c.name(), main, routingOf(next),
                    c.description() == null ? current.description() : c.description(), current.createdAt(), now);
            aliases.upsert(updated);
            announce(fn);
        });
    }

    void delete(String namespace, String functionName, String name) {
        if (RoutingRules.DEFAULT_ALIAS.equals(name)) {
            throw new ScfException(ScfError.INVALID_ALIAS, "$DEFAULT cannot be deleted.");
        }
        FunctionRecord fn = functions.get(namespace, functionName);
        tx.executeWithoutResult(status -> {
            if (!aliases.delete(fn.id(), name)) {
                throw new ScfException(ScfError.ALIAS_NOT_FOUND, "Alias " + name + " of " + functionName + " does not exist.");
            }
            announce(fn);
        });
    }

    AliasRecord get(String namespace, String functionName, String name) {
        return get(functions.get(namespace, functionName), name);
    }

    private AliasRecord get(FunctionRecord fn, String name) {
        if (name == null || name.isEmpty()) {
            throw new ScfException(ScfError.MISSING_PARAMETER, "Name is required.");
        }
        return aliases.find(fn, name).orElseThrow(() -> new ScfException(ScfError.ALIAS_NOT_FOUND, "Alias " + name + " of " + fn.name() + " does not exist."));
    }

    record Page(List<AliasRecord> aliases, int total) {
    }

    /** $DEFAULT first, then the others by name; optionally only those that send invocations to {@code version}. */
    Page list(String namespace, String functionName, String version, int offset, int limit) {
        Paging.check(offset, limit);
        FunctionRecord fn = functions.get(namespace, functionName);
        List<AliasRecord> all = new ArrayList<>(aliases.all(fn));
        if (version != null && !version.isEmpty()) {
            all.removeIf(a -> !RoutingRules.versionsOf(a.functionVersion(), a.routingConfig()).contains(version));
        }
        int from = Math.min(offset, all.size());
        return new Page(all.subList(from, Math.min(all.size(), from + limit)), all.size());
    }

    private void check(FunctionRecord fn, AliasCommand c) {
        String main = c.functionVersion();
        if (main == null || main.isEmpty()) {
            throw new ScfException(ScfError.MISSING_PARAMETER, "FunctionVersion is required.");
        }
        if (!RoutingRules.LATEST.equals(main) && !versions.exists(fn.id(), main)) {
            throw new ScfException(ScfError.VERSION_NOT_FOUND, "Version " + main + " of " + fn.name() + " does not exist.");
        }
        RoutingRules.checkRouting(main, c.routing(), v -> versions.exists(fn.id(), v)).ifPresent(AliasCatalogue::refuse);
        dev.faas.function.Descriptions.problem(c.description()).ifPresent(p -> {
            throw new ScfException(ScfError.INVALID_DESCRIPTION, p);
        });
    }

    private void announce(FunctionRecord fn) {
        FunctionRecord current = functions.lockedById(fn.id()).orElse(fn);
        feed.append(FunctionChange.Kind.FUNCTION_UPSERTED, current.namespace(), current.name(), functions.view(current));
    }

    private static RoutingConfig routingOf(AliasCommand c) {
        return c.routing() == null ? RoutingConfig.NONE : new RoutingConfig(c.routing().weights(), c.routing().matches());
    }

    private static String description(String d) {
        return d == null ? "" : d;
    }

    private static ScfException missing(AliasCommand c) {
        return new ScfException(ScfError.FUNCTION_NOT_FOUND, "Function " + c.functionName() + " does not exist in namespace " + c.namespace() + ".");
    }

    private static void refuse(RoutingRules.Refusal r) {
        throw new ScfException(r.error(), r.message());
    }
}
