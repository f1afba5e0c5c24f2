package dev.faas.function.catalogue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.ObjectMapper;

/** Functions in the {@code function} schema. Callers hold the transaction. */
@Repository
class FunctionRepository {
    private static final TypeReference<List<EnvVariable>> ENV = new TypeReference<>() {
    };
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    FunctionRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    void insert(FunctionRecord f) {
        jdbc.sql("""
                INSERT INTO function (id, namespace, name, type, runtime, handler, description, memory_mb, timeout_s,
                    init_timeout_s, environment, config, code_sha256, code_size, url_id, status, revision, created_at, updated_at)
                VALUES (:id, :namespace, :name, :type, :runtime, :handler, :description, :memory, :timeout,
                    :initTimeout, :environment::jsonb, :config::jsonb, :sha, :size, :urlId, :status, :revision, :createdAt, :updatedAt)
                """)
                .params(columns(f))
                .update();
    }

    /** Replaces the mutable fields of {@code $LATEST}; the caller raised the revision. */
    boolean update(FunctionRecord f) {
        return jdbc.sql("""
                UPDATE function SET runtime = :runtime, handler = :handler, description = :description, memory_mb = :memory,
                    timeout_s = :timeout, init_timeout_s = :initTimeout, environment = :environment::jsonb, config = :config::jsonb, code_sha256 = :sha,
                    code_size = :size, status = :status, revision = :revision, updated_at = :updatedAt
                WHERE id = :id AND revision = :revision - 1
                """)
                .params(columns(f))
                .update() == 1;
    }

    /** Every column of a function as a named parameter; each statement uses the ones it names. */
    private Map<String, Object> columns(FunctionRecord f) {
        Map<String, Object> p = new HashMap<>();
        p.put("id", f.id());
        p.put("namespace", f.namespace());
        p.put("name", f.name());
        p.put("type", f.type());
        p.put("runtime", f.runtime());
        p.put("handler", f.handler());
        p.put("description", f.description());
        p.put("memory", f.memoryMb());
        p.put("timeout", f.timeoutSeconds());
        p.put("initTimeout", f.initTimeoutSeconds());
        p.put("environment", json.writeValueAsString(f.environment()));
        p.put("config", json.writeValueAsString(f.config()));
        p.put("sha", f.codeSha256());
        p.put("size", f.codeSize());
        p.put("urlId", f.urlId());
        p.put("status", f.status());
        p.put("revision", f.revision());
        p.put("createdAt", Timestamp.from(f.createdAt()));
        p.put("updatedAt", Timestamp.from(f.updatedAt()));
        return p;
    }

    Optional<FunctionRecord> find(String namespace, String name) {
        return jdbc.sql("SELECT * FROM function WHERE namespace = :ns AND name = :name")
                .param("ns", namespace).param("name", name).query(this::map).optional();
    }

    Optional<FunctionRecord> lockById(UUID id) {
        return jdbc.sql("SELECT * FROM function WHERE id = :id FOR UPDATE").param("id", id).query(this::map).optional();
    }

    Optional<FunctionRecord> findByUrlId(String urlId) {
        return jdbc.sql("SELECT * FROM function WHERE url_id = :urlId").param("urlId", urlId).query(this::map).optional();
    }

    List<FunctionRecord> list(FunctionQuery.Sql sql, int offset, int limit) {
        return jdbc.sql("SELECT * FROM function WHERE " + sql.where() + " ORDER BY " + sql.orderBy() + " OFFSET :offset LIMIT :limit")
                .params(sql.params()).param("offset", offset).param("limit", limit).query(this::map).list();
    }

    int count(FunctionQuery.Sql sql) {
        return jdbc.sql("SELECT count(*) FROM function WHERE " + sql.where()).params(sql.params()).query(Integer.class).single();
    }

    /** Function names by namespace, for GetAccount. */
    Map<String, List<String>> namesByNamespace() {
        Map<String, List<String>> result = new java.util.TreeMap<>();
        jdbc.sql("SELECT n.name AS ns, f.name AS fn FROM namespace n LEFT JOIN function f ON f.namespace = n.name ORDER BY n.name, f.name")
                .query((rs, row) -> {
                    List<String> names = result.computeIfAbsent(rs.getString("ns"), k -> new java.util.ArrayList<>());
                    if (rs.getString("fn") != null) {
                        names.add(rs.getString("fn"));
                    }
                    return null;
                }).list();
        return result;
    }

    int count(String namespace) {
        return jdbc.sql("SELECT count(*) FROM function WHERE namespace = :ns").param("ns", namespace).query(Integer.class).single();
    }

    boolean delete(String namespace, String name) {
        return jdbc.sql("DELETE FROM function WHERE namespace = :ns AND name = :name")
                .param("ns", namespace).param("name", name).update() > 0;
    }

    boolean namespaceExists(String namespace) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM namespace WHERE name = :ns)").param("ns", namespace)
                .query(Boolean.class).single();
    }

    private FunctionRecord map(ResultSet rs, int row) throws SQLException {
        return new FunctionRecord(
                rs.getObject("id", UUID.class),
                rs.getString("namespace"),
                rs.getString("name"),
                rs.getString("type"),
                rs.getString("runtime"),
                rs.getString("handler"),
                rs.getString("description"),
                rs.getInt("memory_mb"),
                rs.getInt("timeout_s"),
                rs.getInt("init_timeout_s"),
                json.readValue(rs.getString("environment"), ENV),
                json.readValue(rs.getString("config"), FunctionConfig.class),
                rs.getString("code_sha256"),
                rs.getLong("code_size"),
                rs.getString("url_id"),
                rs.getString("status"),
                rs.getLong("revision"),
                rs.getTimestamp("created_at").toInstant(),
                rs.getTimestamp("updated_at").toInstant());
    }
}
