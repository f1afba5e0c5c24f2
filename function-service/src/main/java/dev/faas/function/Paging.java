package dev.faas.function;

import java.util.Locale;

import dev.faas.contracts.error.ScfError;
import dev.faas.starter.ScfException;

/** The paging and ordering rules every list action shares: Offset ≥ 0, Limit 1–100, Order ASC or DESC. */
public final class Paging {
    private Paging() {
    }

    public static void check(int offset, int limit) {
        if (offset < 0) {
            throw new ScfException(ScfError.INVALID_OFFSET, "Offset must be 0 or more.");
        }
        if (limit < 1 || limit > 100) {
            throw new ScfException(ScfError.INVALID_LIMIT, "Limit must be 1 to 100.");
        }
    }

    /** {@code ASC} or {@code DESC} for SQL; ascending when not given. */
    public static String direction(String order) {
        String direction = order == null ? "ASC" : order.toUpperCase(Locale.ROOT);
        if (!direction.equals("ASC") && !direction.equals("DESC")) {
            throw new ScfException(ScfError.INVALID_ORDER, null);
        }
        return direction;
    }
}
