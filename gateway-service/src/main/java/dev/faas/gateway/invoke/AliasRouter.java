package dev.faas.gateway.invoke;

import java.util.function.Function;
import java.util.random.RandomGenerator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.faas.contracts.feed.AliasRoute;

/**
 * Picks the version an invocation of an alias runs (spec part 1 §16.2, §16.3). Rules first, in order: the first rule
 * whose header matches sends the invocation to its version ({@code exact}: the value equals the expression;
 * {@code range}: the value is an integer inside {@code [a,b]} / {@code (a,b)}, brackets inclusive, parentheses
 * exclusive). Then weights: one uniform draw in [0, 1) walks the weighted versions in order, each taking its share;
 * what is left goes to the main version. No HTTP here: headers come as a lookup, randomness is passed in.
 */
final class AliasRouter {
    private static final Pattern RANGE = Pattern.compile("([\\[(])\\s*(-?\\d{1,18})\\s*,\\s*(-?\\d{1,18})\\s*([\\])])");
    private final RandomGenerator random;

    AliasRouter(RandomGenerator random) {
        this.random = random;
    }

    /** @param header the value of a request header by name (case-insensitive), or null when absent */
    String pick(AliasRoute alias, Function<String, String> header) {
        for (AliasRoute.Rule rule : alias.rules()) {
            String value = header.apply(rule.header());
            if (value != null && matches(rule, value.trim())) {
                return rule.version();
            }
        }
        if (!alias.weights().isEmpty()) {
            double draw = random.nextDouble();
            double edge = 0;
            for (AliasRoute.Weighted w : alias.weights()) {
                edge += w.weight();
                if (draw < edge) {
                    return w.version();
                }
            }
        }
        return alias.version();
    }

    static boolean matches(AliasRoute.Rule rule, String value) {
        return switch (rule.method()) {
            case "exact" -> rule.expression().equals(value);
            case "range" -> inRange(rule.expression(), value);
            default -> false;
        };
    }

    private static boolean inRange(String expression, String value) {
        Matcher m = RANGE.matcher(expression);
        if (!m.matches() || !value.matches("-?\\d{1,18}")) {
            return false;
        }
        long v = Long.parseLong(value);
        long low = Long.parseLong(m.group(2));
        long high = Long.parseLong(m.group(3));
        boolean aboveLow = m.group(1).equals("[") ? v >= low : v > low;
        boolean belowHigh = m.group(4).equals("]") ? v <= high : v < high;
        return aboveLow && belowHigh;
    }

    @Override
    public String toString() {
        return "AliasRouter";
    }
}
