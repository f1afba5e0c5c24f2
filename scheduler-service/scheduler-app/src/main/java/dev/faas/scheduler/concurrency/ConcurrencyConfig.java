package dev.faas.scheduler.concurrency;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.faas.contracts.error.ScfError;
import dev.faas.scheduler.core.quota.ConcurrencyAccount;
import dev.faas.starter.ScfException;

/**
 * The concurrency configuration: what the API sets is checked by the accounting, stored, and applied together (under
 * the account's rules and one transaction), and loaded again at start. Function keys are {@code namespace/name}.
 */
@Service
public class ConcurrencyConfig {
    private final ConcurrencyAccount account;
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final Clock clock;

    ConcurrencyConfig(ConcurrencyAccount account, JdbcClient jdbc, TransactionTemplate tx, Clock clock) {
        this.account = account;
        this.jdbc = jdbc;
        this.tx = tx;
        this.clock = clock;
        load();
    }

    private void load() {
        jdbc.sql("SELECT total_mb FROM region_concurrency WHERE id = 1").query(Long.class).optional().ifPresent(account::putRegion);
        jdbc.sql("SELECT namespace, function_name, reserved_mb FROM reserved_concurrency ORDER BY updated_at")
                .query((rs, row) -> account.putReserved(key(rs.getString("namespace"), rs.getString("function_name")), rs.getLong("reserved_mb")))
                .list();
    }

    public static String key(String namespace, String function) {
        return namespace + "/" + function;
    }

    public void putRegion(long mb) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO region_concurrency (id, total_mb, updated_at) VALUES (1, :mb, :now)
                    ON CONFLICT (id) DO UPDATE SET total_mb = EXCLUDED.total_mb, updated_at = EXCLUDED.updated_at
                    """).param("mb", mb).param("now", Timestamp.from(clock.instant())).update();
            apply(account.putRegion(mb));
        });
    }

    public void putReserved(String namespace, String function, long mb) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("""
                    INSERT INTO reserved_concurrency (namespace, function_name, reserved_mb, updated_at) VALUES (:ns, :fn, :mb, :now)
                    ON CONFLICT (namespace, function_name) DO UPDATE SET reserved_mb = EXCLUDED.reserved_mb, updated_at = EXCLUDED.updated_at
                    """).param("ns", namespace).param("fn", function).param("mb", mb).param("now", Timestamp.from(clock.instant())).update();
            apply(account.putReserved(key(namespace, function), mb));
        });
    }

    public void deleteReserved(String namespace, String function) {
        tx.executeWithoutResult(status -> {
            jdbc.sql("DELETE FROM reserved_concurrency WHERE namespace = :ns AND function_name = :fn")
                    .param("ns", namespace).param("fn", function).update();
            apply(account.deleteReserved(key(namespace, function)));
        });
    }

    public Optional<Long> reserved(String namespace, String function) {
        return account.reserved(key(namespace, function));
    }

    public ConcurrencyAccount account() {
        return account;
    }

    /**
     * Applies the account's answer: a refusal becomes the SCF error, which rolls back the row written just before it
     * in the same transaction. The account changes last, so a failed write leaves it as it was; only a failed commit
     * after it changed would leave this JVM ahead of the rows until the next start reloads them.
     */
    private static void apply(ConcurrencyAccount.Change change) {
        if (change instanceof ConcurrencyAccount.Refused r) {
            throw new ScfException(ScfError.ofCode(r.code()), r.message());
        }
    }
}
