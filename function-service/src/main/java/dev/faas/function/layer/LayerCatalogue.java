package dev.faas.function.layer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.Descriptions;
import dev.faas.function.FunctionServiceProperties;
import dev.faas.function.quota.Quotas;
import dev.faas.function.Paging;
import dev.faas.function.Runtimes;
import dev.faas.function.code.CodeStore;
import dev.faas.function.code.PackageInspector;
import dev.faas.starter.ScfException;
import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/**
 * Layers (spec part 2 §8, wire §7 "Layers"): publishing creates the layer with version 1 or adds the next number
 * (never reused); versions are immutable; at most {@code faas.function.layers} layers and
 * {@code faas.function.versions-per-layer} versions each; a version bound by any function version is not deleted
 * ({@code ResourceInUse.LayerVersion}). Publishing serialises on the layer row, so two concurrent publishes get two
 * numbers.
 */
@Service
public class LayerCatalogue {
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]");
    private static final long CREATE_LOCK = 0x5CF_1A7EL;
    private static final TypeReference<List<String>> STRINGS = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final CodeStore code;
    private final PackageInspector inspector;
    private final Quotas quotas;
    private final ObjectMapper json;
    private final Clock clock;

    LayerCatalogue(JdbcClient jdbc, TransactionTemplate tx, CodeStore code, PackageInspector inspector,
                   Quotas quotas, ObjectMapper json, Clock clock) {
        this.jdbc = jdbc;
        this.tx = tx;
        this.code = code;
        this.inspector = inspector;
        this.quotas = quotas;
        this.json = json;
        this.clock = clock;
    }

    public record PublishCommand(String layerName, List<String> compatibleRuntimes, String zipFileBase64, String description,
                                 String licenseInfo) {
    }

    public LayerVersionRecord publish(PublishCommand c) {
        checkName(c.layerName());
        List<String> runtimes = checkRuntimes(c.compatibleRuntimes());
        Descriptions.problem(c.description()).ifPresent(p -> {
            throw new ScfException(ScfError.INVALID_DESCRIPTION, p);
        });
        if (c.licenseInfo() != null && (c.licenseInfo().length() > 512 || c.licenseInfo().chars().anyMatch(Character::isISOControl))) {
            throw new ScfException(ScfError.INVALID_PARAMETER_VALUE, "LicenseInfo is at most 512 characters.");
        }
        if (c.zipFileBase64() == null || c.zipFileBase64().isEmpty()) {
            throw new ScfException(ScfError.INVALID_CONTENT, "Content.ZipFile is required.");
        }
        PackageInspector.Accepted pkg = switch (inspector.inspectBase64(c.zipFileBase64(), PackageInspector.Requirement.NONE)) {
            case PackageInspector.Accepted a -> a;
            case PackageInspector.Rejected r -> throw new ScfException(r.error(), r.message());
        };
        code.put(pkg.sha256(), pkg.zip());
        return tx.execute(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", CREATE_LOCK).query(Object.class).single();
            Timestamp now = Timestamp.from(clock.instant());
            boolean exists = jdbc.sql("SELECT EXISTS (SELECT 1 FROM layer WHERE name = :name)").param("name", c.layerName())
                    .query(Boolean.class).single();
            if (!exists) {
                int layers = jdbc.sql("SELECT count(*) FROM layer").query(Integer.class).single();
                int quota = quotas.getInt(Quotas.Quota.LAYERS);
                if (layers >= quota) {
                    throw new ScfException(ScfError.LIMIT_EXCEEDED_LAYERS, "At most " + quota + " layers may exist.");
                }
                jdbc.sql("INSERT INTO layer (name, created_at) VALUES (:name, :now)").param("name", c.layerName()).param("now", now).update();
            }
            int kept = jdbc.sql("SELECT count(*) FROM layer_version WHERE layer_name = :name").param("name", c.layerName())
                    .query(Integer.class).single();
            if (kept >= quotas.getInt(Quotas.Quota.VERSIONS_PER_LAYER)) {
                throw new ScfException(ScfError.LIMIT_EXCEEDED_LAYER_VERSIONS,
                        "Layer " + c.layerName() + " has " + kept + " versions; delete old ones to publish more.");
            }
            int version = jdbc.sql("UPDATE layer SET last_version = last_version + 1 WHERE name = :name RETURNING last_version")
                    .param("name", c.layerName()).query(Integer.class).single();
            LayerVersionRecord v = new LayerVersionRecord(c.layerName(), version, c.description() == null ? "" : c.description(),
                    c.licenseInfo() == null ? "" : c.licenseInfo(), runtimes, pkg.sha256(), pkg.zip().length, pkg.unpackedSize(),
                    now.toInstant());
            jdbc.sql("""
                    INSERT INTO layer_version (layer_name, version, description, license_info, compatible_runtimes, code_sha256,
                        code_size, unpacked_size, created_at)
                    VALUES (:name, :version, :description, :license, :runtimes::jsonb, :sha, :size, :unpacked, :now)
                    """)
                    .param("name", v.layerName()).param("version", v.version()).param("description", v.description())
                    .param("license", v.licenseInfo()).param("runtimes", json.writeValueAsString(runtimes))
                    .param("sha", v.codeSha256()).param("size", v.codeSize()).param("unpacked", v.unpackedSize()).param("now", now)
                    .update();
            return v;
        });
    }

    public Optional<LayerVersionRecord> find(String name, long version) {
        return jdbc.sql("SELECT * FROM layer_version WHERE layer_name = :name AND version = :version")
                .param("name", name).param("version", version).query(this::map).optional();
    }

    public LayerVersionRecord get(String name, Long version) {
        checkName(name);
        if (version == null) {
            throw new ScfException(ScfError.MISSING_PARAMETER, "LayerVersion is required.");
        }
        return find(name, version).orElseThrow(() -> notFound(name, version));
    }

    /** The newest version of each layer, by name; optionally only layers compatible with a runtime or matching a name. */
    public record Page(List<LayerVersionRecord> layers, int total) {
    }

    public Page listLayers(String compatibleRuntime, String searchKey, int offset, int limit) {
        Paging.check(offset, limit);
        String runtime = compatibleRuntime == null ? null : canonicalRuntime(compatibleRuntime);
        String where = """
                WHERE v.version = (SELECT max(version) FROM layer_version w WHERE w.layer_name = v.layer_name)
                  AND (CAST(:runtime AS text) IS NULL OR v.compatible_runtimes @> jsonb_build_array(CAST(:runtime AS text)))
                  AND (CAST(:search AS text) IS NULL OR v.layer_name ILIKE '%' || CAST(:search AS text) || '%')
                """;
        String search = searchKey == null || searchKey.isEmpty() ? null : likeEscape(searchKey);
        int total = jdbc.sql("SELECT count(*) FROM layer_version v " + where).param("runtime", runtime).param("search", search)
                .query(Integer.class).single();
        List<LayerVersionRecord> page = jdbc.sql("SELECT * FROM layer_version v " + where + " ORDER BY v.created_at DESC, v.layer_name OFFSET :offset LIMIT :limit")
                .param("runtime", runtime).param("search", search).param("offset", offset).param("limit", limit).query(this::map).list();
        return new Page(page, total);
    }

    public List<LayerVersionRecord> listVersions(String name, List<String> compatibleRuntimes) {
        checkName(name);
        List<String> runtimes = compatibleRuntimes == null ? List.of() : compatibleRuntimes.stream().map(this::canonicalRuntime).toList();
        List<LayerVersionRecord> all = jdbc.sql("SELECT * FROM layer_version WHERE layer_name = :name ORDER BY version DESC")
                .param("name", name).query(this::map).list();
        if (all.isEmpty()) {
            throw new ScfException(ScfError.LAYER_NOT_FOUND, "Layer " + name + " does not exist.");
        }
        return all.stream().filter(v -> runtimes.isEmpty() || v.compatibleRuntimes().stream().anyMatch(runtimes::contains)).toList();
    }

    public void delete(String name, Long version) {
        get(name, version);
        String binding = json.writeValueAsString(List.of(java.util.Map.of("LayerName", name, "LayerVersion", version)));
        tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT 1 FROM layer WHERE name = :name FOR UPDATE").param("name", name).query(Integer.class).optional();
            List<String> users = jdbc.sql("""
                    SELECT namespace || '/' || name FROM function WHERE config -> 'Layers' @> CAST(:binding AS jsonb)
                    UNION SELECT f.namespace || '/' || f.name || ':' || v.version FROM function_version v JOIN function f ON f.id = v.function_id
                      WHERE v.config -> 'Layers' @> CAST(:binding AS jsonb)
                    ORDER BY 1 LIMIT 5
                    """).param("binding", binding).query(String.class).list();
            if (!users.isEmpty()) {
                throw new ScfException(ScfError.LAYER_VERSION_IN_USE,
                        "Layer " + name + " version " + version + " is bound to " + String.join(", ", users) + ".");
            }
            jdbc.sql("DELETE FROM layer_version WHERE layer_name = :name AND version = :version")
                    .param("name", name).param("version", version).update();
            // a layer with no version left is gone; its numbers are not reused only while it exists (as on SCF)
            jdbc.sql("DELETE FROM layer WHERE name = :name AND NOT EXISTS (SELECT 1 FROM layer_version WHERE layer_name = :name)")
                    .param("name", name).update();
        });
    }

    private static ScfException notFound(String name, long version) {
        return new ScfException(ScfError.LAYER_VERSION_NOT_FOUND, "Layer " + name + " has no version " + version + ".");
    }

    static void checkName(String name) {
        if (name == null || name.isEmpty()) {
            throw new ScfException(ScfError.MISSING_PARAMETER, "LayerName is required.");
        }
        if (!NAME.matcher(name).matches()) {
            throw new ScfException(ScfError.INVALID_LAYER_NAME,
                    "LayerName must be 2-60 letters, digits, '-' or '_', start with a letter and end with a letter or digit.");
        }
    }

    static List<String> checkRuntimes(List<String> runtimes) {
        if (runtimes == null || runtimes.isEmpty() || runtimes.size() > 5) {
            throw new ScfException(ScfError.INVALID_COMPATIBLE_RUNTIMES, null);
        }
        List<String> canonical = new ArrayList<>();
        for (String r : runtimes) {
            String c = Runtimes.canonical(r).orElseThrow(() -> new ScfException(ScfError.INVALID_COMPATIBLE_RUNTIMES,
                    "CompatibleRuntimes names " + r + ", which is not a runtime."));
            if (!canonical.contains(c)) {
                canonical.add(c);
            }
        }
        return List.copyOf(canonical);
    }

    private String canonicalRuntime(String runtime) {
        return Runtimes.canonical(runtime).orElseThrow(() -> new ScfException(ScfError.INVALID_RUNTIME, "Runtime " + runtime + " is not a runtime."));
    }

    private static String likeEscape(String s) {
        return s.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private LayerVersionRecord map(ResultSet rs, int row) throws SQLException {
        return new LayerVersionRecord(rs.getString("layer_name"), rs.getInt("version"), rs.getString("description"),
                rs.getString("license_info"), json.readValue(rs.getString("compatible_runtimes"), STRINGS), rs.getString("code_sha256"),
                rs.getLong("code_size"), rs.getLong("unpacked_size"), rs.getTimestamp("created_at").toInstant());
    }
}
