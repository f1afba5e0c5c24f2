package dev.faas.function.catalogue;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dev.faas.contracts.error.ScfError;
import dev.faas.function.Paging;
import dev.faas.starter.ScfException;
import dev.faas.starter.api3.Api3Request;

/**
 * A ListFunctions query (wire §7): order by {@code AddTime}, {@code ModTime} or {@code FunctionName}; {@code SearchKey}
 * and {@code Description} match fuzzily; at most 10 filters of at most 5 values each, values of one filter ORed,
 * filters ANDed. Filter names: {@code Status}, {@code Runtime}, {@code Type}, {@code Role}, {@code VpcId},
 * {@code SubnetId}, {@code AsyncRunEnable}, {@code tag:<key>}.
 */
record FunctionQuery(String namespace, String orderBy, String order, String searchKey, String description, List<Api3Request.Filter> filters,
                     int offset, int limit) {
    private static final Map<String, String> ORDER_BY = Map.of("addtime", "created_at", "modtime", "updated_at", "functionname", "name");
    private static final Map<String, String> FILTER_COLUMNS = Map.of(
            "Status", "status", "Runtime", "runtime", "Type", "type", "Role", "config ->> 'Role'",
            "VpcId", "config -> 'VpcConfig' ->> 'VpcId'", "SubnetId", "config -> 'VpcConfig' ->> 'SubnetId'",
            "AsyncRunEnable", "coalesce(config ->> 'AsyncRunEnable', 'FALSE')");

    static FunctionQuery all(String namespace, int offset, int limit) {
        return new FunctionQuery(namespace, null, null, null, null, List.of(), offset, limit);
    }

    /** The SQL after {@code FROM function}: WHERE, with its parameters; ORDER BY separately. Validates as it goes. */
    record Sql(String where, Map<String, Object> params, String orderBy) {
    }

    Sql sql() {
        Paging.check(offset, limit);
        String column = ORDER_BY.get((orderBy == null ? "AddTime" : orderBy).toLowerCase(Locale.ROOT));
        if (column == null) {
            throw new ScfException(ScfError.INVALID_ORDER_BY, "Orderby must be AddTime, ModTime or FunctionName.");
        }
        String direction = Paging.direction(order);
        List<String> where = new ArrayList<>(List.of("namespace = :ns"));
        Map<String, Object> params = new HashMap<>();
        params.put("ns", namespace);
        if (searchKey != null && !searchKey.isEmpty()) {
            where.add("name ILIKE :search");
            params.put("search", "%" + escapeLike(searchKey) + "%");
        }
        if (description != null && !description.isEmpty()) {
            where.add("description ILIKE :description");
            params.put("description", "%" + escapeLike(description) + "%");
        }
        List<Api3Request.Filter> given = filters == null ? List.of() : filters;
        if (given.size() > 10) {
            throw new ScfException(ScfError.INVALID_FILTERS, "At most 10 filters may be given.");
        }
        int i = 0;
        for (Api3Request.Filter f : given) {
            if (f.values().isEmpty() || f.values().size() > 5) {
                throw new ScfException(ScfError.INVALID_FILTERS, "Filter " + f.name() + " needs 1 to 5 values.");
            }
            List<String> any = new ArrayList<>();
            for (String value : f.values()) {
                String p = "f" + i++;
                if (f.name().startsWith("tag:") && f.name().length() > 4) {
                    any.add("config -> 'Tags' @> CAST(:" + p + " AS jsonb)");
                    params.put(p, "[{\"Key\":" + jsonString(f.name().substring(4)) + ",\"Value\":" + jsonString(value) + "}]");
                } else if (FILTER_COLUMNS.containsKey(f.name())) {
                    any.add(FILTER_COLUMNS.get(f.name()) + " = :" + p);
                    params.put(p, value);
                } else {
                    throw new ScfException(ScfError.INVALID_FILTERS, "Filter " + f.name() + " is not one of "
                            + String.join(", ", new java.util.TreeSet<>(FILTER_COLUMNS.keySet())) + ", tag:<key>.");
                }
            }
            where.add("(" + String.join(" OR ", any) + ")");
        }
        return new Sql(String.join(" AND ", where), params, column + " " + direction + ", name " + direction);
    }

    private static String escapeLike(String value) {
        return value.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_");
    }

    private static String jsonString(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
