package dev.faas.function.quota;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.ToLongFunction;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.FunctionServiceProperties;
import dev.faas.starter.ScfException;

/**
 * The quotas of spec part 1 §2 that function-service enforces (and the trigger quota trigger-service asks it for):
 * each has the default of its {@code faas.function.*} key and can be changed at run time by an administrator
 * ({@code PUT /api/v1/admin/quotas}); a change applies to the next request. Each refusal keeps its own SCF code
 * (the checks are where the quota is counted). Values are read from the {@code quota} table on every check: quota
 * checks are on the management path only.
 */
@Component
public class Quotas {
    public enum Quota {
        NAMESPACES("Namespaces", 1, 10_000, p -> p.namespaces()),
        FUNCTIONS_PER_NAMESPACE("FunctionsPerNamespace", 1, 100_000, p -> p.functionsPerNamespace()),
        VERSIONS_PER_FUNCTION("VersionsPerFunction", 1, 100_000, p -> p.versionsPerFunction()),
        ALIASES_PER_FUNCTION("AliasesPerFunction", 1, 1_000, p -> p.aliasesPerFunction()),
        LAYERS("Layers", 1, 100_000, p -> p.layers()),
        VERSIONS_PER_LAYER("VersionsPerLayer", 1, 100_000, p -> p.versionsPerLayer()),
        TRIGGERS_PER_TYPE("TriggersPerType", 1, 1_000, p -> p.triggersPerType()),
        /** The unpacked code of a function version with its layers, in MB. */
        CODE_SIZE_MB("CodeSizeMB", 1, 102_400, p -> p.maxUnpackedSize().toMegabytes()),
        /** One zip in a request, in MB; base64 makes a request 4/3 of it, and the gateway takes bodies up to 80 MB. */
        ZIP_SIZE_MB("ZipSizeMB", 1, 59, p -> p.maxZipSize().toMegabytes()),
        /** Characters of a function name (SCF: 60). */
        FUNCTION_NAME_LENGTH("FunctionNameLength", 2, 255, p -> p.functionNameLength()),
        /** Characters of namespace and function name together (SCF: 118). */
        QUALIFIED_NAME_LENGTH("QualifiedNameLength", 3, 512, p -> p.qualifiedNameLength());

        private final String field;
        private final long min;
        private final long max;
        private final ToLongFunction<FunctionServiceProperties> configured;

        Quota(String field, long min, long max, ToLongFunction<FunctionServiceProperties> configured) {
            this.field = field;
            this.min = min;
            this.max = max;
            this.configured = configured;
        }

        public String field() {
            return field;
        }
    }

    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final FunctionServiceProperties properties;
    private final Clock clock;

    Quotas(JdbcClient jdbc, TransactionTemplate tx, FunctionServiceProperties properties, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    public long get(Quota quota) {
        return jdbc.sql("SELECT value FROM quota WHERE name = :name").param("name", quota.field()).query(Long.class).optional()
                .orElseGet(() -> quota.configured.applyAsLong(properties));
    }

    public int getInt(Quota quota) {
        return (int) Math.min(Integer.MAX_VALUE, get(quota));
    }

    /** Every quota: its value now and its configured default. */
    public Map<String, Object> all() {
        Map<String, Long> overrides = new java.util.HashMap<>();
        jdbc.sql("SELECT name, value FROM quota").query((rs, row) -> overrides.put(rs.getString("name"), rs.getLong("value"))).list();
        Map<String, Object> result = new LinkedHashMap<>();
        for (Quota q : Quota.values()) {
            long configured = q.configured.applyAsLong(properties);
            result.put(q.field(), Map.of("Value", overrides.getOrDefault(q.field(), configured), "Default", configured, "Min", q.min, "Max", q.max));
        }
        return result;
    }

    /**
     * Sets the quotas named (a JSON number each; {@code null} returns one to its default), all or none: an unknown
     * name or a value out of range refuses the whole change.
     */
    public void set(Map<String, Object> changes) {
        Map<Quota, Long> valid = new EnumMap<>(Quota.class);
        java.util.Set<Quota> reset = java.util.EnumSet.noneOf(Quota.class);
        for (var e : changes.entrySet()) {
            Quota q = java.util.Arrays.stream(Quota.values()).filter(x -> x.field().equals(e.getKey())).findFirst()
                    .orElseThrow(() -> new ScfException(ScfError.INVALID_PARAMETER_VALUE, e.getKey() + " is not a quota; the quotas are "
                            + String.join(", ", java.util.Arrays.stream(Quota.values()).map(Quota::field).toList()) + "."));
            if (e.getValue() == null) {
                reset.add(q);
                continue;
            }
            if (!(e.getValue() instanceof Number n) || n.doubleValue() != Math.rint(n.doubleValue())) {
                throw new ScfException(ScfError.INVALID_PARAMETER, q.field() + " must be an integer.");
            }
            long value = n.longValue();
            if (value < q.min || value > q.max) {
                throw new ScfException(ScfError.INVALID_PARAMETER_VALUE, q.field() + " must be " + q.min + " to " + q.max + ".");
            }
            valid.put(q, value);
        }
        tx.executeWithoutResult(status -> {
            Timestamp now = Timestamp.from(clock.instant());
            for (Quota q : reset) {
                jdbc.sql("DELETE FROM quota WHERE name = :name").param("name", q.field()).update();
            }
            valid.forEach((q, value) -> jdbc.sql("""
                    INSERT INTO quota (name, value, updated_at) VALUES (:name, :value, :now)
                    ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value, updated_at = EXCLUDED.updated_at
                    """).param("name", q.field()).param("value", value).param("now", now).update());
        });
    }
}
