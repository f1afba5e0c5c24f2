package dev.faas.gateway.invoke;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.random.RandomGenerator;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.faas.contracts.feed.AliasRoute;

class AliasRouterTest {

    /** A random source that answers the draws given, in turn. */
    private static RandomGenerator draws(double... values) {
        return new RandomGenerator() {
            private int next;

            @Override
            public long nextLong() {
                throw new UnsupportedOperationException();
            }

            @Override
            public double nextDouble() {
                return values[next++ % values.length];
            }
        };
    }

    private static AliasRoute rules(AliasRoute.Rule... rules) {
        return new AliasRoute("prod", "1", List.of(), List.of(rules));
    }

    static Stream<Arguments> rules() {
        AliasRoute exact = rules(new AliasRoute.Rule("2", "User", "exact", "alice"));
        AliasRoute closed = rules(new AliasRoute.Rule("3", "Uid", "range", "[10,20]"));
        AliasRoute open = rules(new AliasRoute.Rule("3", "Uid", "range", "(10,20)"));
        return Stream.of(
                Arguments.of("exact value matches", exact, Map.of("user", "alice"), "2"),
                Arguments.of("exact is case-sensitive in the value", exact, Map.of("user", "Alice"), "1"),
                Arguments.of("no header: main version", exact, Map.of(), "1"),
                Arguments.of("closed range includes its low end", closed, Map.of("uid", "10"), "3"),
                Arguments.of("closed range includes its high end", closed, Map.of("uid", "20"), "3"),
                Arguments.of("open range excludes its low end", open, Map.of("uid", "10"), "1"),
                Arguments.of("open range excludes its high end", open, Map.of("uid", "20"), "1"),
                Arguments.of("open range includes the inside", open, Map.of("uid", "15"), "3"),
                Arguments.of("a word is not in a range", closed, Map.of("uid", "fifteen"), "1"),
                Arguments.of("the first matching rule wins", rules(new AliasRoute.Rule("2", "User", "exact", "bob"),
                        new AliasRoute.Rule("3", "User", "exact", "bob")), Map.of("user", "bob"), "2"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void headerRules(String name, AliasRoute alias, Map<String, String> headers, String expected) {
        Map<String, String> caseless = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        caseless.putAll(headers);
        assertThat(new AliasRouter(draws(0.5)).pick(alias, caseless::get)).isEqualTo(expected);
    }

    @Test
    void weightsSplitTheUnitInterval_inOrder_andTheRestGoesToTheMainVersion() {
        AliasRoute alias = new AliasRoute("prod", "1", List.of(new AliasRoute.Weighted("2", 0.25), new AliasRoute.Weighted("3", 0.5)), List.of());
        AliasRouter router = new AliasRouter(draws(0.0, 0.2499, 0.25, 0.7499, 0.75, 0.9999));
        List<String> picked = Stream.generate(() -> router.pick(alias, h -> null)).limit(6).toList();
        assertThat(picked).containsExactly("2", "2", "3", "3", "1", "1");
    }

    @Test
    void withNeitherRulesNorWeights_everyInvocationRunsTheMainVersion_withoutADraw() {
        AliasRouter router = new AliasRouter(draws());
        assertThat(router.pick(new AliasRoute("$DEFAULT", "$LATEST", null, null), h -> "x")).isEqualTo("$LATEST");
    }
}
