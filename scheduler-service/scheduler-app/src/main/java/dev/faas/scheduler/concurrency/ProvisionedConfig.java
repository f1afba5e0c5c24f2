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

    ProvisionedConfig(JdbcClient jdbc, TransactionTemplate tx, ConcurrencyConfig concurrency, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.account = concurrency.account();
        this.clock = clock;
    }

    /** One version's target. */
    public record Target(String namespace, String function, String qualifier, int instances, int memoryMb) {
    }

    public List<Target> all() {
        return jdbc.sql("SELECT * FROM provisioned_concurrency ORDER BY namespace, function_name, qualifier")
                .query((rs, row) -> new Target(rs.getString("namespace"), rs.getString("function_name"), rs.getString("qualifier"),
                        rs.getInt("instances"), rs.getInt("memory_mb"))).list();
    }

    public List<Target> of(String namespace, String function) {
        return all().stream().filter(t -> t.namespace().equals(namespace) && t.function().equals(function)).toList();
    }

    public void put(Target target) {
        if (target.instances() < 0) {
            throw new ScfException(ScfError.INVALID_PARAMETER_VALUE, "VersionProvisionedConcurrencyNum must be 0 or more.");
        }
        tx.executeWithoutResult(status -> {
            jdbc.sql("LOCK TABLE provisioned_concurrency IN EXCLUSIVE MODE").update();
            long others = jdbc.sql("""
                    SELECT coalesce(sum(instances::bigint * memory_mb), 0) FROM provisioned_concurrency
                    WHERE NOT (namespace = :ns AND function_name = :fn AND qualifier = :q)
                    """).param("ns", target.namespace()).param("fn", target.function()).param("q", target.qualifier())
                    .query(Long.class).single();
            long wanted = (long) target.instances() * target.memoryMb();
            if (others + wanted > account.regionMb()) {
                throw new ScfException(ScfError.LIMIT_EXCEEDED_TOTAL_PROVISIONED, "Provisioned concurrency would total " + (others + wanted)
                        + " MB; the region's pool is " + account.regionMb() + " MB.");
            }
            jdbc.sql("""
                    INSERT INTO provisioned_concurrency (namespace, function_name, qualifier, instances, memory_mb, updated_at)
                    VALUES (:ns, :fn, :q, :n, :mem, :now)
                    ON CONFLICT (namespace, function_name, qualifier) DO UPDATE SET instances = EXCLUDED.instances,
                        memory_mb = EXCLUDED.memory_mb, updated_at = EXCLUDED.updated_at
                    """).param("ns", target.namespace()).param("fn", target.function()).param("q", target.qualifier())
                    .param("n", target.instances()).param("mem", target.memoryMb()).param("now", Timestamp.from(clock.instant())).update();
        });
    }

    public boolean delete(String namespace, String function, String qualifier) {
        return jdbc.sql("DELETE FROM provisioned_concurrency WHERE namespace = :ns AND function_name = :fn AND qualifier = :q")
                .param("ns", namespace).param("fn", function).param("q", qualifier).update() > 0;
    }
}
