package dev.faas.scheduler.concurrency;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.faas.contracts.error.ScfError;
import dev.faas.scheduler.core.quota.ConcurrencyAccount;
import dev.faas.starter.ScfException;

/**
 * The provisioned-concurrency targets (spec part 1 §11.5): instances of a published version kept started. The sum
 * over every version of the region, in MB (instances × memory), may not pass the region pool
 * ({@code LimitExceeded.FunctionTotalProvisionedConcurrencyMemory}). Stored, so a restart keeps them; the lease
 * service starts and keeps the instances.
 */
@Service
public class ProvisionedConfig {
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final ConcurrencyAccount account;
    private final Clock clock;
    private final tools.jackson.databind.ObjectMapper json;
    private static final tools.jackson.core.type.TypeReference<List<TriggerAction>> ACTIONS = new tools.jackson.core.type.TypeReference<>() {
    };

    ProvisionedConfig(JdbcClient jdbc, TransactionTemplate tx, ConcurrencyConfig concurrency, Clock clock, tools.jackson.databind.ObjectMapper json) {
        this.json = json;
        this.jdbc = jdbc;
        this.tx = tx;
        this.account = concurrency.account();
        this.clock = clock;
    }

    /** One version's target, and the scheduled actions that change it. */
    public record Target(String namespace, String function, String qualifier, int instances, int memoryMb, List<TriggerAction> actions,
                         Tracking tracking) {
        public Target {
            actions = actions == null ? List.of() : List.copyOf(actions);
        }

        public Target withInstances(int n) {
            return new Target(namespace, function, qualifier, n, memoryMb, actions, tracking);
        }

        public String key() {
            return namespace + "/" + function + ":" + qualifier;
        }
    }

    /** {@code ProvisionedType ConcurrencyUtilizationTracking}: keep min–max instances, tracking a utilisation. */
    public record Tracking(@com.fasterxml.jackson.annotation.JsonProperty("MinCapacity") int min,
                           @com.fasterxml.jackson.annotation.JsonProperty("MaxCapacity") int max,
                           @com.fasterxml.jackson.annotation.JsonProperty("TrackingTarget") double target) {
        public dev.faas.scheduler.core.provisioned.TargetTracking rules() {
            return new dev.faas.scheduler.core.provisioned.TargetTracking(min, max, target);
        }
    }

    /** SCF's {@code TriggerAction}: at each firing of the 7-field cron, the target becomes {@code num}. */
    public record TriggerAction(@com.fasterxml.jackson.annotation.JsonProperty("TriggerName") String name,
                                @com.fasterxml.jackson.annotation.JsonProperty("TriggerProvisionedConcurrencyNum") Long num,
                                @com.fasterxml.jackson.annotation.JsonProperty("TriggerCronConfig") String cron) {
    }

    private static final java.util.regex.Pattern ACTION_NAME = java.util.regex.Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,59}");
    static final int MAX_ACTIONS = 20;

    /** The rules of TriggerActions (wire §8.2 scheduled-provisioning codes), each refusal with its code. */
    static void check(List<TriggerAction> actions) {
        if (actions.size() > MAX_ACTIONS) {
            throw new ScfException(ScfError.LIMIT_EXCEEDED_PROVISION_ACTIONS, "At most " + MAX_ACTIONS + " scheduled actions a version.");
        }
        java.util.Set<String> names = new java.util.HashSet<>();
        java.util.Set<String> crons = new java.util.HashSet<>();
        for (TriggerAction a : actions) {
            if (a == null || a.name() == null || !ACTION_NAME.matcher(a.name()).matches()) {
                throw new ScfException(ScfError.INVALID_PROVISION_TRIGGER_NAME, "TriggerName is 1-60 letters, digits, '-' or '_', starting with a letter.");
            }
            if (!names.add(a.name())) {
                throw new ScfException(ScfError.PROVISION_TRIGGER_NAME_DUPLICATE, "TriggerName " + a.name() + " is given twice.");
            }
            if (a.num() == null || a.num() < 0 || a.num() > 1_000_000) {
                throw new ScfException(ScfError.INVALID_TRIGGER_PROVISIONED_NUM, "TriggerProvisionedConcurrencyNum must be 0 or more.");
            }
            try {
                dev.faas.scheduler.core.provisioned.Cron7.parse(a.cron());
            } catch (IllegalArgumentException e) {
                throw new ScfException(ScfError.INVALID_TRIGGER_CRON, "TriggerCronConfig: " + e.getMessage() + ".");
            }
            if (!crons.add(a.cron().trim().replaceAll("\\s+", " "))) {
                throw new ScfException(ScfError.PROVISION_TRIGGER_CRON_DUPLICATE, "Two actions fire at " + a.cron() + ".");
            }
        }
    }

    public List<Target> all() {
        return jdbc.sql("SELECT * FROM provisioned_concurrency ORDER BY namespace, function_name, qualifier")
                .query((rs, row) -> new Target(rs.getString("namespace"), rs.getString("function_name"), rs.getString("qualifier"),
                        rs.getInt("instances"), rs.getInt("memory_mb"), json.readValue(rs.getString("trigger_actions"), ACTIONS),
                        rs.getString("tracking") == null ? null : json.readValue(rs.getString("tracking"), Tracking.class))).list();
    }

    /** A scheduled action fired: the version's target becomes {@code instances} (the actions stay). */
    public void setInstances(Target target, int instances) {
        jdbc.sql("UPDATE provisioned_concurrency SET instances = :n, updated_at = :now WHERE namespace = :ns AND function_name = :fn AND qualifier = :q")
                .param("n", instances).param("now", Timestamp.from(clock.instant())).param("ns", target.namespace())
                .param("fn", target.function()).param("q", target.qualifier()).update();
    }

    public List<Target> of(String namespace, String function) {
        return all().stream().filter(t -> t.namespace().equals(namespace) && t.function().equals(function)).toList();
    }

    public void put(Target target) {
        if (target.instances() < 0) {
            throw new ScfException(ScfError.INVALID_PARAMETER_VALUE, "VersionProvisionedConcurrencyNum must be 0 or more.");
        }
        check(target.actions());
        tx.executeWithoutResult(status -> {
            jdbc.sql("LOCK TABLE provisioned_concurrency IN EXCLUSIVE MODE").update();
            long others = jdbc.sql("""
                    SELECT coalesce(sum(instances::bigint * memory_mb), 0) FROM provisioned_concurrency
                    WHERE NOT (namespace = :ns AND function_name = :fn AND qualifier = :q)
                    """).param("ns", target.namespace()).param("fn", target.function()).param("q", target.qualifier())
                    .query(Long.class).single();
            long most = Math.max(target.instances(), target.actions().stream().mapToLong(TriggerAction::num).max().orElse(0));
            if (target.tracking() != null) {
                most = Math.max(most, target.tracking().max());
            }
            long wanted = most * target.memoryMb();
            if (others + wanted > account.regionMb()) {
                throw new ScfException(ScfError.LIMIT_EXCEEDED_TOTAL_PROVISIONED, "Provisioned concurrency would total " + (others + wanted)
                        + " MB; the region's pool is " + account.regionMb() + " MB.");
            }
            jdbc.sql("""
                    INSERT INTO provisioned_concurrency (namespace, function_name, qualifier, instances, memory_mb, trigger_actions, tracking, updated_at)
                    VALUES (:ns, :fn, :q, :n, :mem, :actions::jsonb, CAST(:tracking AS jsonb), :now)
                    ON CONFLICT (namespace, function_name, qualifier) DO UPDATE SET instances = EXCLUDED.instances,
                        memory_mb = EXCLUDED.memory_mb, trigger_actions = EXCLUDED.trigger_actions, tracking = EXCLUDED.tracking,
                        updated_at = EXCLUDED.updated_at
                    """).param("ns", target.namespace()).param("fn", target.function()).param("q", target.qualifier())
                    .param("n", target.instances()).param("mem", target.memoryMb()).param("actions", json.writeValueAsString(target.actions()))
                    .param("tracking", target.tracking() == null ? null : json.writeValueAsString(target.tracking()))
                    .param("now", Timestamp.from(clock.instant())).update();
        });
    }

    public boolean delete(String namespace, String function, String qualifier) {
        return jdbc.sql("DELETE FROM provisioned_concurrency WHERE namespace = :ns AND function_name = :fn AND qualifier = :q")
                .param("ns", namespace).param("fn", function).param("q", qualifier).update() > 0;
    }
}
