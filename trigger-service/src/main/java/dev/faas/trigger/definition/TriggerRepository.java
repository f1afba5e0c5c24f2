package dev.faas.trigger.definition;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Triggers in the {@code trigger} schema. */
@Repository
public class TriggerRepository {
    private final JdbcClient jdbc;

    TriggerRepository(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public void insert(TriggerDefinition t) {
        jdbc.sql("""
                INSERT INTO trigger (id, namespace, function_name, qualifier, name, type, desc_json, enabled, created_at, updated_at, url_id)
                VALUES (:id, :ns, :fn, :qualifier, :name, :type, :desc::jsonb, :enabled, :created, :updated, :urlId)
                """)
                .param("id", t.id()).param("ns", t.namespace()).param("fn", t.functionName()).param("qualifier", t.qualifier())
                .param("name", t.name()).param("type", t.type()).param("desc", t.descJson()).param("enabled", t.enabled())
                .param("created", Timestamp.from(t.createdAt())).param("updated", Timestamp.from(t.updatedAt()))
                .param("urlId", t.urlId())
                .update();
    }

    public List<TriggerDefinition> ofFunction(String namespace, String functionName) {
        return jdbc.sql("SELECT * FROM trigger WHERE namespace = :ns AND function_name = :fn ORDER BY created_at, name")
                .param("ns", namespace).param("fn", functionName).query(TriggerRepository::map).list();
    }

    public Optional<TriggerDefinition> find(String namespace, String functionName, String name) {
        return jdbc.sql("SELECT * FROM trigger WHERE namespace = :ns AND function_name = :fn AND name = :name")
                .param("ns", namespace).param("fn", functionName).param("name", name).query(TriggerRepository::map).optional();
    }

    public int countOfType(String namespace, String functionName, String type) {
        return jdbc.sql("SELECT count(*) FROM trigger WHERE namespace = :ns AND function_name = :fn AND type = :type")
                .param("ns", namespace).param("fn", functionName).param("type", type).query(Integer.class).single();
    }

    public Optional<TriggerDefinition> findByUrlId(String urlId) {
        return jdbc.sql("SELECT * FROM trigger WHERE url_id = :urlId").param("urlId", urlId).query(TriggerRepository::map).optional();
    }

    public boolean setEnabled(TriggerDefinition t) {
        return jdbc.sql("UPDATE trigger SET enabled = :enabled, updated_at = :updated WHERE id = :id")
                .param("enabled", t.enabled()).param("updated", Timestamp.from(t.updatedAt())).param("id", t.id()).update() > 0;
    }

    /** Every trigger of a function, locked for the caller's transaction. */
    public List<TriggerDefinition> lockOfFunction(String namespace, String functionName) {
        return jdbc.sql("SELECT * FROM trigger WHERE namespace = :ns AND function_name = :fn ORDER BY created_at, name FOR UPDATE")
                .param("ns", namespace).param("fn", functionName).query(TriggerRepository::map).list();
    }

    public boolean delete(String namespace, String functionName, String name) {
        return jdbc.sql("DELETE FROM trigger WHERE namespace = :ns AND function_name = :fn AND name = :name")
                .param("ns", namespace).param("fn", functionName).param("name", name).update() > 0;
    }

    private static TriggerDefinition map(ResultSet rs, int row) throws SQLException {
        return new TriggerDefinition(rs.getObject("id", UUID.class), rs.getString("namespace"), rs.getString("function_name"),
                rs.getString("qualifier"), rs.getString("name"), rs.getString("type"), rs.getString("desc_json"),
                rs.getBoolean("enabled"), rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant(),
                rs.getString("url_id"));
    }
}
