package dev.faas.contracts.feed;

import java.util.List;

/**
 * How an alias picks the version an invocation runs (spec part 1 §16): a header rule that matches wins; otherwise
 * each weighted version gets its share; the rest go to {@code version}.
 *
 * @param version the alias's main version ({@code $LATEST} or a number)
 */
public record AliasRoute(String name, String version, List<Weighted> weights, List<Rule> rules) {
    public AliasRoute {
        weights = weights == null ? List.of() : List.copyOf(weights);
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    public record Weighted(String version, double weight) {
    }

    /**
     * @param header     the request header (or Invoke routing key) the rule reads
     * @param method     {@code exact} or {@code range}
     * @param expression the value, or {@code [a,b]} / {@code (a,b)} with integers
     */
    public record Rule(String version, String header, String method, String expression) {
    }
}
