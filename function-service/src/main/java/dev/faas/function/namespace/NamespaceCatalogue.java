package dev.faas.function.namespace;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.Descriptions;
import dev.faas.function.FunctionServiceProperties;
import dev.faas.function.quota.Quotas;
import dev.faas.function.Paging;
import dev.faas.contracts.api.ScfTime;
import dev.faas.starter.ScfException;

/**
 * Namespaces (spec part 2 §10; wire §7): {@code default} always exists and cannot be created, changed or deleted;
 * at most {@code faas.function.namespaces} in all; a namespace is deleted only when it holds no function.
 */
@Service
public class NamespaceCatalogue {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,30}");
    private static final long CREATE_LOCK = 0x5CF_0A5EL;
    private static final Map<String, String> ORDER_BY = Map.of("name", "name", "updatetime", "updated_at", "addtime", "created_at");
    private final JdbcClient jdbc;
    private final TransactionTemplate tx;
    private final FunctionServiceProperties properties;
    private final Clock clock;
    private final Quotas quotas;

    NamespaceCatalogue(JdbcClient jdbc, TransactionTemplate tx, FunctionServiceProperties properties, Clock clock, Quotas quotas) {
        this.quotas = quotas;
        this.jdbc = jdbc;
        this.tx = tx;
        this.properties = properties;
        this.clock = clock;
    }

    /** One search condition of ListNamespaces: {@code Key} is {@code Namespace} or {@code Description}, matched fuzzily. */
    public record SearchKey(String key, String value) {
    }

    public record Page(List<NamespaceRecord> namespaces, int total) {
        /** SCF's ListNamespaces answer: {@code Namespaces[{Name, Description, AddTime, ModTime, Type}]}, {@code TotalCount}. */
        public Map<String, Object> scf() {
            List<Map<String, Object>> list = namespaces.stream().map(n -> {
                Map<String, Object> m = new java.util.LinkedHashMap<>();
                m.put("Name", n.name());
                m.put("Description", n.description());
                m.put("AddTime", ScfTime.format(n.createdAt()));
                m.put("ModTime", ScfTime.format(n.updatedAt()));
                m.put("Type", "default");
                return m;
            }).toList();
            return Map.of("Namespaces", list, "TotalCount", total);
        }
    }

    public void create(String name, String description) {
        checkName(name);
        if (DefaultNamespace.DEFAULT.equals(name)) {
            throw new ScfException(ScfError.INVALID_DEFAULT_NAMESPACE, "Namespace default always exists.");
        }
        checkDescription(description);
        tx.executeWithoutResult(status -> {
            jdbc.sql("SELECT pg_advisory_xact_lock(:key)").param("key", CREATE_LOCK).query(Object.class).single();
            if (exists(name)) {
                throw new ScfException(ScfError.NAMESPACE_IN_USE, "Namespace " + name + " already exists.");
            }
            int count = jdbc.sql("SELECT count(*) FROM namespace").query(Integer.class).single();
            int quota = quotas.getInt(Quotas.Quota.NAMESPACES);
            if (count >= quota) {
                throw new ScfException(ScfError.LIMIT_EXCEEDED_NAMESPACE, "At most " + quota + " namespaces may exist.");
            }
            Timestamp now = Timestamp.from(clock.instant());
            jdbc.sql("INSERT INTO namespace (name, description, created_at, updated_at) VALUES (:name, :description, :now, :now)")
                    .param("name", name).param("description", description == null ? "" : description).param("now", now).update();
        });
    }

    public void update(String name, String description) {
        checkName(name);
        if (DefaultNamespace.DEFAULT.equals(name)) {
            throw new ScfException(ScfError.INVALID_DEFAULT_NAMESPACE, "Namespace default cannot be changed.");
        }
        checkDescription(description);
        int updated = jdbc.sql("UPDATE namespace SET description = :description, updated_at = :now WHERE name = :name")
                .param("name", name).param("description", description == null ? "" : description)
                .param("now", Timestamp.from(clock.instant())).update();
        if (updated == 0) {
            throw notFound(name);
        }
    }

    public void delete(String name) {
        checkName(name);
        if (DefaultNamespace.DEFAULT.equals(name)) {
            throw new ScfException(ScfError.FAILED_DELETE_NAMESPACE, "Namespace default cannot be deleted.");
        }
        if (!exists(name)) {
            throw notFound(name);
        }
        try {
            jdbc.sql("DELETE FROM namespace WHERE name = :name AND NOT EXISTS (SELECT 1 FROM function WHERE namespace = :name)")
                    .param("name", name).update();
        } catch (DataIntegrityViolationException e) {
            // a function was created in it meanwhile: the foreign key refused the delete
        }
        if (exists(name)) {
            throw new ScfException(ScfError.NAMESPACE_IN_USE, "Namespace " + name + " still holds functions; delete them first.");
        }
    }

    public Page list(int offset, int limit, String orderBy, String order, List<SearchKey> search) {
        Paging.check(offset, limit);
        String column = ORDER_BY.get((orderBy == null ? "AddTime" : orderBy).toLowerCase(Locale.ROOT));
        if (column == null) {
            throw new ScfException(ScfError.INVALID_ORDER_BY, "Orderby must be Name, Updatetime or AddTime.");
        }
        String direction = Paging.direction(order);
        List<String> where = new ArrayList<>(List.of("TRUE"));
        Map<String, Object> params = new java.util.HashMap<>();
        int i = 0;
        for (SearchKey key : search == null ? List.<SearchKey>of() : search) {
            String field = key == null || key.key() == null ? "" : key.key();
            String columnOf = switch (field) {
                case "Namespace" -> "name";
                case "Description" -> "description";
                default -> throw new ScfException(ScfError.INVALID_SEARCH_KEY, "SearchKey.Key must be Namespace or Description.");
            };
            where.add(columnOf + " ILIKE :s" + i);
            params.put("s" + i, "%" + escapeLike(key.value() == null ? "" : key.value()) + "%");
            i++;
        }
        String condition = String.join(" AND ", where);
        int total = jdbc.sql("SELECT count(*) FROM namespace WHERE " + condition).params(params).query(Integer.class).single();
        List<NamespaceRecord> page = jdbc.sql("SELECT * FROM namespace WHERE " + condition + " ORDER BY " + column + " " + direction
                        + ", name OFFSET :offset LIMIT :limit")
                .params(params).param("offset", offset).param("limit", limit)
                .query((rs, n) -> new NamespaceRecord(rs.getString("name"), rs.getString("description"),
                        rs.getTimestamp("created_at").toInstant(), rs.getTimestamp("updated_at").toInstant()))
                .list();
        return new Page(page, total);
    }

    private boolean exists(String name) {
        return jdbc.sql("SELECT EXISTS (SELECT 1 FROM namespace WHERE name = :name)").param("name", name).query(Boolean.class).single();
    }

    private static ScfException notFound(String name) {
        return new ScfException(ScfError.NAMESPACE_NOT_FOUND, "Namespace " + name + " does not exist.");
    }

    static void checkName(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            throw new ScfException(ScfError.INVALID_NAMESPACE, "Namespace must be 1-30 letters, digits, '-' or '_'.");
        }
    }

    private static void checkDescription(String description) {
        Descriptions.problem(description).ifPresent(problem -> {
            throw new ScfException(ScfError.INVALID_DESCRIPTION, problem);
        });
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }
}
