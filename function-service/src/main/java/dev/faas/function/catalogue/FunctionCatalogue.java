package dev.faas.function.catalogue;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.feed.FunctionChange;
import dev.faas.contracts.feed.AliasRoute;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.function.alias.AliasRecord;
import dev.faas.function.FunctionServiceProperties;
import dev.faas.function.quota.Quotas;
import dev.faas.function.Runtimes;
import dev.faas.function.code.CodeStore;
import dev.faas.function.code.PackageInspector;
import dev.faas.function.feed.ChangeFeed;
import dev.faas.starter.ScfException;

/**
 * The application layer of functions: validates, stores the package, writes the row and the feed entry in one
 * transaction. Everything is checked before anything is written, so a refused request leaves nothing behind; a
 * package stored by a transaction that then lost a race is collected by {@code CodeCollector}.
 */
@Service
public class FunctionCatalogue {
    static final String LATEST = "$LATEST";
    static final String ACTIVE = "Active";
    private static final char[] URL_ID_ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();

    private final FunctionRepository functions;
    private final ChangeFeed feed;
    private final CodeStore code;
    private final PackageInspector inspector;
    private final TransactionTemplate tx;
    private final Quotas quotas;
    private final Clock clock;
    private final LayerBindings layers;
    private final AliasRepository aliases;
    private final SecureRandom random = new SecureRandom();

    FunctionCatalogue(FunctionRepository functions, ChangeFeed feed, CodeStore code, PackageInspector inspector,
                      TransactionTemplate tx, Quotas quotas, Clock clock, LayerBindings layers,
                      AliasRepository aliases) {
        this.layers = layers;
        this.aliases = aliases;
        this.functions = functions;
        this.feed = feed;
        this.code = code;
        this.inspector = inspector;
        this.tx = tx;
        this.quotas = quotas;
        this.clock = clock;
    }

    FunctionRecord create(String namespace, CreateFunctionRequest request) {
        FunctionRules.checkCreate(namespace, request, nameLimits()).ifPresent(FunctionCatalogue::refuse);
        FunctionRules.State state = FunctionRules.createdState(request);
        requireNamespace(namespace);
        if (functions.find(namespace, request.functionName()).isPresent()) {
            throw new ScfException(ScfError.FUNCTION_IN_USE, "Function " + request.functionName() + " already exists in namespace " + namespace + ".");
        }
        checkFunctionQuota(namespace);
        long layerBytes = layers.check(state.config().layersOrEmpty(), state.runtime());
        String zip = request.code() == null ? null : request.code().zipFile();
        PackageInspector.Accepted pkg = inspect(zip, state, layerBytes);
        Instant now = clock.instant();
        FunctionRecord record = new FunctionRecord(UUID.randomUUID(), namespace, request.functionName(), state.type(),
                state.runtime(), state.handler(), request.description() == null ? "" : request.description(),
                state.memoryMb(), state.timeoutSeconds(), state.initTimeoutSeconds(), state.environment(), state.config(),
                pkg.sha256(), pkg.zip().length, newUrlId(), ACTIVE, 1, now, now);
        code.put(pkg.sha256(), pkg.zip());
        return insert(record);
    }

    /** Writes a new function and its feed entry, the namespace's quota checked again inside the transaction. */
    FunctionRecord insert(FunctionRecord record) {
        String namespace = record.namespace();
        try {
            tx.executeWithoutResult(status -> {
                checkFunctionQuota(namespace);
                functions.insert(record);
                feed.append(FunctionChange.Kind.FUNCTION_UPSERTED, namespace, record.name(), view(record));
            });
        } catch (DuplicateKeyException e) {
            throw new ScfException(ScfError.FUNCTION_IN_USE, "Function " + record.name() + " already exists in namespace " + namespace + ".");
        }
        return record;
    }

    /** New code for {@code $LATEST}: validated like a create's, then a new revision that new instances run. */
    FunctionRecord updateCode(String namespace, String name, String zipFileBase64, String handler) {
        FunctionRecord current = get(namespace, name);
        FunctionRules.State state = new FunctionRules.State(current.type(), current.runtime(), handler == null ? current.handler() : handler,
                current.memoryMb(), current.timeoutSeconds(), current.initTimeoutSeconds(), current.environment(), current.config());
        FunctionRules.checkHandler(state.type(), state.runtime(), state.handler()).ifPresent(FunctionCatalogue::refuse);
        long layerBytes = layers.check(state.config().layersOrEmpty(), state.runtime());
        PackageInspector.Accepted pkg = inspect(zipFileBase64, state, layerBytes);
        code.put(pkg.sha256(), pkg.zip());
        return revise(current, current.withCode(pkg.sha256(), pkg.zip().length, state.handler(), clock.instant()));
    }

    /** A partial update of {@code $LATEST}'s configuration (only the fields given), checked on the state it leaves. */
    FunctionRecord updateConfiguration(String namespace, String name, UpdateConfigurationRequest r) {
        FunctionRecord current = get(namespace, name);
        String runtime = r.runtime() == null ? current.runtime() : Runtimes.canonical(r.runtime()).orElse(r.runtime());
        List<EnvVariable> env = r.environment() == null ? current.environment()
                : r.environment().variables() == null ? List.of() : List.copyOf(r.environment().variables());
        FunctionRules.State next = new FunctionRules.State(current.type(), runtime, current.handler(),
                r.memorySize() == null ? current.memoryMb() : r.memorySize(),
                r.timeout() == null ? current.timeoutSeconds() : r.timeout(),
                r.initTimeout() == null ? current.initTimeoutSeconds() : r.initTimeout(),
                env, r.applyTo(current.config()));
        FunctionRules.checkUpdate(current, r, next).ifPresent(FunctionCatalogue::refuse);
        long layerBytes = layers.check(next.config().layersOrEmpty(), next.runtime());
        if (layerBytes > 0) {
            // the package's unpacked size is not stored: measure it again only when layers add to it
            byte[] zip = code.read(current.codeSha256()).orElseThrow(() -> new IllegalStateException("package of " + name + " is missing"));
            if (inspector.inspect(zip, PackageInspector.Requirement.NONE) instanceof PackageInspector.Accepted a
                    && a.unpackedSize() + layerBytes > codeSizeBytes()) {
                throw codeTooLarge();
            }
        }
        return revise(current, current.withState(next, r.description(), clock.instant()));
    }

    /** Checks a package against the state it will run with: entry file, safety, and size together with its layers. */
    private PackageInspector.Accepted inspect(String zipFileBase64, FunctionRules.State state, long layerBytes) {
        PackageInspector.Accepted pkg = switch (inspector.inspectBase64(zipFileBase64, requirement(state))) {
            case PackageInspector.Accepted a -> a;
            case PackageInspector.Rejected r -> throw new ScfException(r.error(), r.message());
        };
        if (pkg.unpackedSize() + layerBytes > codeSizeBytes()) {
            throw codeTooLarge();
        }
        return pkg;
    }

    /** The administrator's name-length quotas. */
    FunctionRules.NameLimits nameLimits() {
        return new FunctionRules.NameLimits(quotas.getInt(Quotas.Quota.FUNCTION_NAME_LENGTH), quotas.getInt(Quotas.Quota.QUALIFIED_NAME_LENGTH));
    }

    private void checkFunctionQuota(String namespace) {
        int quota = quotas.getInt(Quotas.Quota.FUNCTIONS_PER_NAMESPACE);
        if (functions.count(namespace) >= quota) {
            throw new ScfException(ScfError.LIMIT_EXCEEDED_FUNCTION, "Namespace " + namespace + " already holds " + quota + " functions.");
        }
    }

    private long codeSizeBytes() {
        return quotas.get(Quotas.Quota.CODE_SIZE_MB) * 1024 * 1024;
    }

    private ScfException codeTooLarge() {
        return new ScfException(ScfError.LIMIT_EXCEEDED_CODE_SIZE, "The code and its layers unpack to more than "
                + quotas.get(Quotas.Quota.CODE_SIZE_MB) + " MB.");
    }

    private static PackageInspector.Requirement requirement(FunctionRules.State state) {
        if (FunctionRules.TYPE_WEB.equals(state.type())) {
            return PackageInspector.Requirement.BOOTSTRAP;
        }
        String entry = Runtimes.entryFile(Runtimes.family(state.runtime()), state.handler());
        return entry == null ? PackageInspector.Requirement.NONE : PackageInspector.Requirement.entryFile(entry, state.handler());
    }

    /** Writes the next revision and its feed entry together; a concurrent change in between is refused, not lost. */
    FunctionRecord revise(FunctionRecord current, FunctionRecord next) {
        tx.executeWithoutResult(status -> {
            if (!functions.update(next)) {
                throw new ScfException(ScfError.FUNCTION_STATUS_ERROR,
                        "Function " + current.name() + " changed meanwhile; read it again and retry.");
            }
            feed.append(FunctionChange.Kind.FUNCTION_UPSERTED, next.namespace(), next.name(), view(next));
        });
        return next;
    }

    FunctionRecord get(String namespace, String name) {
        FunctionRules.checkNamespace(namespace).ifPresent(FunctionCatalogue::refuse);
        requireNamespace(namespace);
        return functions.find(namespace, name)
                .orElseThrow(() -> new ScfException(ScfError.FUNCTION_NOT_FOUND, "Function " + name + " does not exist in namespace " + namespace + "."));
    }

    /** The function row, locked for the caller's transaction. */
    Optional<FunctionRecord> lockedById(UUID id) {
        return functions.lockById(id);
    }

    record Page(List<FunctionRecord> functions, int total) {
    }

    Page list(FunctionQuery query) {
        FunctionRules.checkNamespace(query.namespace()).ifPresent(FunctionCatalogue::refuse);
        requireNamespace(query.namespace());
        FunctionQuery.Sql sql = query.sql();
        return new Page(functions.list(sql, query.offset(), query.limit()), functions.count(sql));
    }

    int count(String namespace) {
        return functions.count(namespace);
    }

    void delete(String namespace, String name) {
        get(namespace, name);
        boolean deleted = Boolean.TRUE.equals(tx.execute(status -> {
            if (!functions.delete(namespace, name)) {
                return false;
            }
            feed.append(FunctionChange.Kind.FUNCTION_DELETED, namespace, name, null);
            return true;
        }));
        if (!deleted) {
            throw new ScfException(ScfError.FUNCTION_NOT_FOUND, "Function " + name + " does not exist in namespace " + namespace + ".");
        }
    }

    public Optional<FunctionView> viewByUrlId(String urlId) {
        return functions.findByUrlId(urlId).map(this::view);
    }

    public Optional<FunctionView> view(String namespace, String name) {
        return functions.find(namespace, name).map(this::view);
    }

    /** The view of {@code $LATEST}, with the aliases the gateway routes by. */
    FunctionView view(FunctionRecord f) {
        List<AliasRoute> routes = aliases.all(f).stream().map(FunctionCatalogue::route).toList();
        return new FunctionView(f.id().toString(), f.namespace(), f.name(), f.type(), f.runtime(), LATEST, f.revision(),
                f.memoryMb(), f.timeoutSeconds(), f.initTimeoutSeconds(), env(f.environment()), f.codeSha256(), f.codeSize(), f.urlId(),
                f.status(), routes, layerPackages(f.config()), maxConcurrency(f.config()));
    }

    /** The view of a published version: immutable, so its revision is 0 and a pool keyed by it never changes. */
    FunctionView view(FunctionRecord f, VersionRecord v) {
        return new FunctionView(f.id().toString(), f.namespace(), f.name(), f.type(), v.runtime(), Integer.toString(v.version()), 0,
                v.memoryMb(), v.timeoutSeconds(), v.initTimeoutSeconds(), env(v.environment()), v.codeSha256(), v.codeSize(), f.urlId(),
                ACTIVE, List.of(), layerPackages(v.config()), maxConcurrency(v.config()));
    }

    private static int maxConcurrency(FunctionConfig config) {
        FunctionConfig.InstanceConcurrencyConfig c = config.instanceConcurrencyConfig();
        return c == null || c.maxConcurrency() == null ? 1 : c.maxConcurrency().intValue();
    }

    /** The packages of the bound layer versions, in binding order (a version being bound is never deleted). */
    private List<String> layerPackages(FunctionConfig config) {
        return layers.resolve(config.layersOrEmpty()).stream().map(dev.faas.function.layer.LayerVersionRecord::codeSha256).toList();
    }

    private static Map<String, String> env(List<EnvVariable> variables) {
        return variables.stream()
                .collect(Collectors.toMap(EnvVariable::key, v -> v.value() == null ? "" : v.value(), (a, b) -> b, java.util.LinkedHashMap::new));
    }

    private static AliasRoute route(AliasRecord a) {
        return new AliasRoute(a.name(), a.functionVersion(),
                a.routingConfig().weights().stream().map(w -> new AliasRoute.Weighted(w.version(), w.weight())).toList(),
                a.routingConfig().matches().stream().map(m -> new AliasRoute.Rule(m.version(), m.key().substring("invoke.headers.".length()),
                        m.method(), m.expression())).toList());
    }

    Optional<FunctionRecord> find(String namespace, String name) {
        return functions.find(namespace, name);
    }

    void requireNamespace(String namespace) {
        if (!functions.namespaceExists(namespace)) {
            throw new ScfException(ScfError.NAMESPACE_NOT_FOUND, "Namespace " + namespace + " does not exist.");
        }
    }

    /** 16 characters of [a-z0-9]: a valid DNS label, about 82 bits of randomness, never reused. */
    String newUrlId() {
        char[] id = new char[16];
        for (int i = 0; i < id.length; i++) {
            id[i] = URL_ID_ALPHABET[random.nextInt(URL_ID_ALPHABET.length)];
        }
        return new String(id);
    }

    private static void refuse(FunctionRules.Refusal refusal) {
        throw new ScfException(refusal.error(), refusal.message());
    }
}
