package dev.faas.function.catalogue;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

import dev.faas.function.alias.AliasRecord;
import dev.faas.function.alias.RoutingConfig;
import dev.faas.function.alias.RoutingRules;
import tools.jackson.databind.ObjectMapper;

/** Aliases in the {@code alias} table; {@code $DEFAULT} without a row points to {@code $LATEST}. Callers hold the transaction. */
@Repository
class AliasRepository {
    private final JdbcClient jdbc;
    private final ObjectMapper json;

    AliasRepository(JdbcClient jdbc, ObjectMapper json) {
        this.jdbc = jdbc;
        this.json = json;
    }

    /** Every alias of a function, {@code $DEFAULT} first, then by name. */
    List<AliasRecord> all(FunctionRecord fn) {
        List<AliasRecord> stored = jdbc.sql("SELECT * FROM alias WHERE function_id = :id ORDER BY name").param("id", fn.id()).query(this::map).list();
        List<AliasRecord> result = new ArrayList<>();
        result.add(stored.stream().filter(a -> a.name().equals(RoutingRules.DEFAULT_ALIAS)).findFirst().orElse(defaultAlias(fn)));
        stored.stream().filter(a -> !a.name().equals(RoutingRules.DEFAULT_ALIAS)).forEach(result::add);
        return result;
    }

    Optional<AliasRecord> find(FunctionRecord fn, String name) {
        return jdbc.sql("SELECT * FROM alias WHERE function_id = :id AND name = :name").param("id", fn.id()).param("name", name)
                .query(this::map).optional()
                .or(() -> RoutingRules.DEFAULT_ALIAS.equals(name) ? Optional.of(defaultAlias(fn)) : Optional.empty());
    }

    int countUserAliases(UUID functionId) {
        return jdbc.sql("SELECT count(*) FROM alias WHERE function_id = :id AND name <> :default")
                .param("id", functionId).param("default", RoutingRules.DEFAULT_ALIAS).query(Integer.class).single();
    }

    void insert(AliasRecord a) {
        jdbc.sql("""
                INSERT INTO alias (function_id, name, function_version, routing_config, description, created_at, updated_at)
                VALUES (:id, :name, :version, :routing::jsonb, :description, :created, :updated)
                """).param("id", a.functionId()).param("name", a.name()).param("version", a.functionVersion())
                .param("routing", json.writeValueAsString(a.routingConfig())).param("description", a.description())
                .param("created", Timestamp.from(a.createdAt())).param("updated", Timestamp.from(a.updatedAt())).update();
    }

    /** Writes the alias over its row, or inserts it ({@code $DEFAULT} changed for the first time). */
    void upsert(AliasRecord a) {
        int changed = jdbc.sql("""
                UPDATE alias SET function_version = :version, routing_config = :routing::jsonb, description = :description,
                    updated_at = :updated WHERE function_id = :id AND name = :name
                """).param("version", a.functionVersion()).param("routing", json.writeValueAsString(a.routingConfig()))
                .param("description", a.description()).param("updated", Timestamp.from(a.updatedAt())).param("id", a.functionId())
                .param("name", a.name()).update();
        if (changed == 0) {
            insert(a);
        }
    }

    boolean delete(UUID functionId, String name) {
        return jdbc.sql("DELETE FROM alias WHERE function_id = :id AND name = :name").param("id", functionId).param("name", name).update() > 0;
    }

    /** Names of the aliases that send invocations to {@code version}. */
    List<String> using(UUID functionId, int version) {
        return jdbc.sql("""
                SELECT name FROM alias WHERE function_id = :id AND (function_version = :version
                  OR routing_config -> 'AdditionalVersionWeights' @> CAST(:v AS jsonb)
                  OR routing_config -> 'AddtionVersionMatchs' @> CAST(:v AS jsonb))
                ORDER BY name
                """).param("id", functionId).param("version", Integer.toString(version))
                .param("v", "[{\"Version\":\"" + version + "\"}]").query(String.class).list();
    }

    private static AliasRecord defaultAlias(FunctionRecord fn) {
        return new AliasRecord(fn.id(), RoutingRules.DEFAULT_ALIAS, RoutingRules.LATEST, RoutingConfig.NONE, "", fn.createdAt(), fn.createdAt());
    }

    private AliasRecord map(ResultSet rs, int row) throws SQLException {
        return new AliasRecord(rs.getObject("function_id", UUID.class), rs.getString("name"), rs.getString("function_version"),
                json.readValue(rs.getString("routing_config"), RoutingConfig.class), rs.getString("description"),
                rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant());
    }
}
