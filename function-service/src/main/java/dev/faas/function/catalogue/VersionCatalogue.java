package dev.faas.function.catalogue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.FunctionServiceProperties;
import dev.faas.function.quota.Quotas;
import dev.faas.function.Paging;
import dev.faas.starter.ScfException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Versions (spec part 1 §15): {@link #publish} snapshots {@code $LATEST} as the next number (1, 2, ...; never
 * reused); versions are immutable; at most {@code faas.function.versions-per-function} are kept. Publishing locks the
 * function row, so two concurrent publishes get two numbers.
 */
@Service
class VersionCatalogue {
    private static final TypeReference<List<EnvVariable>> ENV = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final FunctionCatalogue functions;
    private final Quotas quotas;
    private final ObjectMapper json;
    private final Clock clock;
    private final AliasRepository aliases;

    VersionCatalogue(JdbcClient jdbc, TransactionTemplate tx, FunctionCatalogue functions, Quotas quotas,
                     ObjectMapper json, Clock clock, AliasRepository aliases) {
        this.aliases = aliases;
        this.jdbc = jdbc;
        this.tx = tx;
        this.functions = functions;
        this.quotas = quotas;
        this.json = json;
        this.clock = clock;
    }

    VersionRecord publish(String namespace, String name, String description) {
        FunctionRules.checkDescription(description).ifPresent(r -> {
            throw new ScfException(r.error(), r.message());
        });
        UUID id = functions.get(namespace, name).id();
        return tx.execute(status -> {
            FunctionRecord latest = functions.lockedById(id)
                    .orElseThrow(() -> new ScfException(ScfError.FUNCTION_NOT_FOUND, "Function " + name + " does not exist in namespace " + namespace + "."));
            int kept = jdbc.sql("SELECT count(*) FROM function_version WHERE function_id = :id").param("id", id).query(Integer.class).single();
            if (kept >= quotas.getInt(Quotas.Quota.VERSIONS_PER_FUNCTION)) {
                throw new ScfException(ScfError.LIMIT_EXCEEDED_VERSION,
                        "Function " + name + " has " + kept + " versions; delete old ones to publish more.");
            }
            int next = jdbc.sql("UPDATE function SET last_version = last_version + 1 WHERE id = :id RETURNING last_version")
                    .param("id", id).query(Integer.class).single();
            VersionRecord v = new VersionRecord(id, next, description == null ? "" : description, latest.runtime(), latest.handler(),
                    latest.memoryMb(), latest.timeoutSeconds(), latest.initTimeoutSeconds(), latest.environment(), latest.config(), latest.codeSha256(),
                    latest.codeSize(), clock.instant());
            jdbc.sql("""
                    INSERT INTO function_version (function_id, version, description, runtime, handler, memory_mb, timeout_s,
                        init_timeout_s, environment, config, code_sha256, code_size, created_at)
                    VALUES (:id, :version, :description, :runtime, :handler, :memory, :timeout, :initTimeout, :environment::jsonb,
                        :config::jsonb, :sha, :size, :created)
                    """)
                    .param("id", id).param("version", v.version()).param("description", v.description())
                    .param("runtime", v.runtime()).param("handler", v.handler()).param("memory", v.memoryMb())
                    .param("timeout", v.timeoutSeconds()).param("initTimeout", v.initTimeoutSeconds())
                    .param("environment", json.writeValueAsString(v.environment()))
                    .param("config", json.writeValueAsString(v.config())).param("sha", v.codeSha256())
                    .param("size", v.codeSize()).param("created", Timestamp.from(v.createdAt()))
                    .update();
            return v;
        });
    }

    /** A published version, by its number as the API spells it ({@code "3"}). */
    VersionRecord get(String namespace, String name, String qualifier) {
        UUID id = functions.get(namespace, name).id();
        return find(id, number(qualifier))
                .orElseThrow(() -> new ScfException(ScfError.VERSION_NOT_FOUND, "Version " + qualifier + " of " + name + " does not exist."));
    }

    record Page(List<VersionRecord> versions, int total) {
    }

    Page list(String namespace, String name, int offset, int limit, String orderBy, String order) {
        UUID id = functions.get(namespace, name).id();
        Paging.check(offset, limit);
        String by = orderBy == null ? "AddTime" : orderBy;
        if (!by.equals("AddTime") && !by.equals("ModTime")) {
            throw new ScfException(ScfError.INVALID_ORDER_BY, "OrderBy must be AddTime or ModTime.");
        }
        String direction = Paging.direction(order);
        int total = jdbc.sql("SELECT count(*) FROM function_version WHERE function_id = :id").param("id", id).query(Integer.class).single();
        List<VersionRecord> page = jdbc.sql("SELECT * FROM function_version WHERE function_id = :id ORDER BY created_at " + direction
                        + ", version " + direction + " OFFSET :offset LIMIT :limit")
                .param("id", id).param("offset", offset).param("limit", limit).query(this::map).list();
        return new Page(page, total);
    }

    /** Deletes a published version, unless an alias sends invocations to it ({@code UnsupportedOperation.AliasBind}). */
    void delete(String namespace, String name, String qualifier) {
        UUID id = functions.get(namespace, name).id();
        int version = number(qualifier);
        tx.executeWithoutResult(status -> {
            functions.lockedById(id);
            List<String> aliases = this.aliases.using(id, version);
            if (!aliases.isEmpty()) {
                throw new ScfException(ScfError.ALIAS_BIND, "Version " + version + " of " + name + " is used by alias "
                        + String.join(", ", aliases) + "; point the alias elsewhere first.");
            }
            int deleted = jdbc.sql("DELETE FROM function_version WHERE function_id = :id AND version = :version")
                    .param("id", id).param("version", version).update();
            if (deleted == 0) {
                throw new ScfException(ScfError.VERSION_NOT_FOUND, "Version " + qualifier + " of " + name + " does not exist.");
            }
        });
    }

    /** The data path's view of a published version, when the function and the version exist. */
    Optional<dev.faas.contracts.feed.FunctionView> view(String namespace, String name, String qualifier) {
        return functions.find(namespace, name).flatMap(f -> qualifier != null && qualifier.matches("[1-9][0-9]{0,8}")
                ? find(f.id(), Integer.parseInt(qualifier)).map(v -> functions.view(f, v)) : Optional.empty());
    }

    boolean exists(UUID functionId, String qualifier) {
        return qualifier != null && qualifier.matches("[1-9][0-9]{0,8}") && find(functionId, Integer.parseInt(qualifier)).isPresent();
    }

    /** Every published version of a function, oldest first: what the change feed carries to the data path. */
    List<VersionRecord> all(UUID functionId) {
        return jdbc.sql("SELECT * FROM function_version WHERE function_id = :id ORDER BY version").param("id", functionId).query(this::map).list();
    }

    private Optional<VersionRecord> find(UUID id, int version) {
        return jdbc.sql("SELECT * FROM function_version WHERE function_id = :id AND version = :version")
                .param("id", id).param("version", version).query(this::map).optional();
    }

    private static int number(String qualifier) {
        if (qualifier == null || !qualifier.matches("[1-9][0-9]{0,8}")) {
            throw new ScfException(ScfError.VERSION_NOT_FOUND, "Version " + qualifier + " does not exist.");
        }
        return Integer.parseInt(qualifier);
    }

    private VersionRecord map(ResultSet rs, int row) throws SQLException {
        return new VersionRecord(rs.getObject("function_id", UUID.class), rs.getInt("version"), rs.getString("description"),
                rs.getString("runtime"), rs.getString("handler"), rs.getInt("memory_mb"), rs.getInt("timeout_s"),
                rs.getInt("init_timeout_s"), json.readValue(rs.getString("environment"), ENV),
                json.readValue(rs.getString("config"), FunctionConfig.class), rs.getString("code_sha256"),
                rs.getLong("code_size"), rs.getTimestamp("created_at").toInstant());
    }
}
