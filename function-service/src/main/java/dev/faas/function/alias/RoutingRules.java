package dev.faas.function.alias;

import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Pattern;

import dev.faas.contracts.error.ScfError;

/**
 * The rules of an alias (spec part 1 §16, wire §7): the name, the main version, and the routing: weights in (0, 1]
 * summing to at most 1, or header rules on {@code invoke.headers.<name>} with {@code exact} or {@code range}; one
 * kind at a time; extra versions published, distinct, and not the main version. Plain Java, table-tested.
 */
public final class RoutingRules {
    public static final String DEFAULT_ALIAS = "$DEFAULT";
    public static final String LATEST = "$LATEST";
    private static final Pattern NAME = Pattern.compile("[A-Za-z][A-Za-z0-9_-]{0,58}[A-Za-z0-9]");
    private static final Pattern HEADER_KEY = Pattern.compile("invoke\\.headers\\.[A-Za-z0-9_-]{1,64}");
    /** {@code [a,b]}, {@code (a,b)}, {@code [a,b)} or {@code (a,b]} with integers a ≤ b. */
    public static final Pattern RANGE = Pattern.compile("([\\[(])\\s*(-?\\d{1,18})\\s*,\\s*(-?\\d{1,18})\\s*([\\])])");

    private RoutingRules() {
    }

    public record Refusal(ScfError error, String message) {
    }

    public static Optional<Refusal> checkName(String name) {
        if (name == null || name.isEmpty()) {
            return refuse(ScfError.MISSING_PARAMETER, "Name is required.");
        }
        if (!NAME.matcher(name).matches()) {
            return refuse(ScfError.INVALID_NAME, "Name must be 2-60 letters, digits, '-' or '_', start with a letter and end with a letter or digit.");
        }
        return Optional.empty();
    }

    /**
     * @param published whether a version number names a published version of the function
     */
    public static Optional<Refusal> checkRouting(String mainVersion, RoutingConfig routing, Predicate<String> published) {
        if (routing == null) {
            return Optional.empty();
        }
        if (!routing.weights().isEmpty() && !routing.matches().isEmpty()) {
            return refuse(ScfError.INVALID_ROUTING_CONFIG, "RoutingConfig takes weights or header rules, not both.");
        }
        Set<String> versions = new HashSet<>();
        double total = 0;
        for (RoutingConfig.VersionWeight w : routing.weights()) {
            if (w == null || w.weight() == null || !(w.weight() > 0 && w.weight() <= 1)) {
                return refuse(ScfError.INVALID_ROUTING_CONFIG, "Each weight is more than 0 and at most 1.");
            }
            Optional<Refusal> v = checkExtraVersion(w.version(), mainVersion, versions, published);
            if (v.isPresent()) {
                return v;
            }
            total += w.weight();
        }
        if (total > 1 + 1e-9) {
            return refuse(ScfError.INVALID_ROUTING_CONFIG, "The weights of the additional versions add up to more than 1.");
        }
        for (RoutingConfig.VersionMatch m : routing.matches()) {
            if (m == null || m.key() == null || !HEADER_KEY.matcher(m.key()).matches()) {
                return refuse(ScfError.INVALID_ROUTING_CONFIG, "A rule's Key is invoke.headers.<name>.");
            }
            if ("exact".equals(m.method())) {
                if (m.expression() == null || m.expression().isEmpty() || m.expression().length() > 256) {
                    return refuse(ScfError.INVALID_ROUTING_CONFIG, "An exact rule's Expression is the value to match (1-256 characters).");
                }
            } else if ("range".equals(m.method())) {
                var r = m.expression() == null ? null : RANGE.matcher(m.expression());
                if (r == null || !r.matches() || Long.parseLong(r.group(2)) > Long.parseLong(r.group(3))) {
                    return refuse(ScfError.INVALID_ROUTING_CONFIG, "A range rule's Expression is [a,b] or (a,b) with integers a <= b.");
                }
            } else {
                return refuse(ScfError.INVALID_ROUTING_CONFIG, "A rule's Method is exact or range.");
            }
            if (m.version() != null && m.version().equals(mainVersion)) {
                return refuse(ScfError.INVALID_ROUTING_CONFIG, "A rule's Version differs from the alias's main version.");
            }
            if (m.version() == null || !published.test(m.version())) {
                return refuse(ScfError.VERSION_NOT_FOUND, "Version " + m.version() + " of a rule is not a published version.");
            }
        }
        return Optional.empty();
    }

    private static Optional<Refusal> checkExtraVersion(String version, String main, Set<String> seen, Predicate<String> published) {
        if (version == null || version.equals(main)) {
            return refuse(ScfError.INVALID_ROUTING_CONFIG, "An additional version is given and differs from the main version.");
        }
        if (!seen.add(version)) {
            return refuse(ScfError.INVALID_ROUTING_CONFIG, "Version " + version + " is weighted twice.");
        }
        if (!published.test(version)) {
            return refuse(ScfError.VERSION_NOT_FOUND, "Additional version " + version + " is not a published version.");
        }
        return Optional.empty();
    }

    /** Every version an alias sends invocations to: the main one and the extra ones. */
    public static List<String> versionsOf(String main, RoutingConfig routing) {
        List<String> all = new java.util.ArrayList<>(List.of(main));
        routing.weights().forEach(w -> all.add(w.version()));
        routing.matches().forEach(m -> all.add(m.version()));
        return all;
    }

    private static Optional<Refusal> refuse(ScfError error, String message) {
        return Optional.of(new Refusal(error, message));
    }
}
