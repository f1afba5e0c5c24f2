package dev.faas.function.alias;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.faas.contracts.error.ScfError;
import tools.jackson.databind.json.JsonMapper;

/** The alias rules of spec part 1 §16 and wire §7, one row each; versions 1, 2 and 3 are published, main is 1. */
class RoutingRulesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Set<String> PUBLISHED = Set.of("1", "2", "3");

    static Stream<Arguments> routing() {
        return Stream.of(
                Arguments.of("no routing", "{}", null),
                Arguments.of("one weighted version", "{\"AdditionalVersionWeights\":[{\"Version\":\"2\",\"Weight\":0.3}]}", null),
                Arguments.of("weights adding up to 1", "{\"AdditionalVersionWeights\":[{\"Version\":\"2\",\"Weight\":0.5},{\"Version\":\"3\",\"Weight\":0.5}]}", null),
                Arguments.of("exact header rule", "{\"AddtionVersionMatchs\":[{\"Version\":\"2\",\"Key\":\"invoke.headers.User\",\"Method\":\"exact\",\"Expression\":\"alice\"}]}", null),
                Arguments.of("range header rule", "{\"AddtionVersionMatchs\":[{\"Version\":\"2\",\"Key\":\"invoke.headers.Uid\",\"Method\":\"range\",\"Expression\":\"[1,100)\"}]}", null),
                Arguments.of("weight 0", "{\"AdditionalVersionWeights\":[{\"Version\":\"2\",\"Weight\":0}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("weight 1.5", "{\"AdditionalVersionWeights\":[{\"Version\":\"2\",\"Weight\":1.5}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("weights over 1", "{\"AdditionalVersionWeights\":[{\"Version\":\"2\",\"Weight\":0.6},{\"Version\":\"3\",\"Weight\":0.5}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("weighted main version", "{\"AdditionalVersionWeights\":[{\"Version\":\"1\",\"Weight\":0.5}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("version weighted twice", "{\"AdditionalVersionWeights\":[{\"Version\":\"2\",\"Weight\":0.1},{\"Version\":\"2\",\"Weight\":0.1}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("unpublished weighted version", "{\"AdditionalVersionWeights\":[{\"Version\":\"9\",\"Weight\":0.1}]}", ScfError.VERSION_NOT_FOUND),
                Arguments.of("$LATEST as extra version", "{\"AdditionalVersionWeights\":[{\"Version\":\"$LATEST\",\"Weight\":0.1}]}", ScfError.VERSION_NOT_FOUND),
                Arguments.of("weights and rules together", "{\"AdditionalVersionWeights\":[{\"Version\":\"2\",\"Weight\":0.1}],\"AddtionVersionMatchs\":[{\"Version\":\"3\",\"Key\":\"invoke.headers.U\",\"Method\":\"exact\",\"Expression\":\"a\"}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("rule key not a header", "{\"AddtionVersionMatchs\":[{\"Version\":\"2\",\"Key\":\"invoke.query.U\",\"Method\":\"exact\",\"Expression\":\"a\"}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("rule method regex", "{\"AddtionVersionMatchs\":[{\"Version\":\"2\",\"Key\":\"invoke.headers.U\",\"Method\":\"regex\",\"Expression\":\"a.*\"}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("range of words", "{\"AddtionVersionMatchs\":[{\"Version\":\"2\",\"Key\":\"invoke.headers.U\",\"Method\":\"range\",\"Expression\":\"[a,b]\"}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("range upside down", "{\"AddtionVersionMatchs\":[{\"Version\":\"2\",\"Key\":\"invoke.headers.U\",\"Method\":\"range\",\"Expression\":\"[9,1]\"}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("exact rule without value", "{\"AddtionVersionMatchs\":[{\"Version\":\"2\",\"Key\":\"invoke.headers.U\",\"Method\":\"exact\",\"Expression\":\"\"}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("rule to the main version", "{\"AddtionVersionMatchs\":[{\"Version\":\"1\",\"Key\":\"invoke.headers.U\",\"Method\":\"exact\",\"Expression\":\"a\"}]}", ScfError.INVALID_ROUTING_CONFIG),
                Arguments.of("rule to an unpublished version", "{\"AddtionVersionMatchs\":[{\"Version\":\"7\",\"Key\":\"invoke.headers.U\",\"Method\":\"exact\",\"Expression\":\"a\"}]}", ScfError.VERSION_NOT_FOUND));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("routing")
    void routingRules(String name, String routing, ScfError expected) {
        var refusal = RoutingRules.checkRouting("1", JSON.readValue(routing, RoutingConfig.class), PUBLISHED::contains);
        if (expected == null) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).get().extracting(RoutingRules.Refusal::error).isEqualTo(expected);
        }
    }

    static Stream<Arguments> names() {
        return Stream.of(Arguments.of("Tencent-cloud_scf", null), Arguments.of("ab", null), Arguments.of("a", ScfError.INVALID_NAME),
                Arguments.of("1ab", ScfError.INVALID_NAME), Arguments.of("ab-", ScfError.INVALID_NAME), Arguments.of("a" + "b".repeat(60), ScfError.INVALID_NAME),
                Arguments.of("$DEFAULT", ScfError.INVALID_NAME), Arguments.of("", ScfError.MISSING_PARAMETER));
    }

    @ParameterizedTest(name = "alias name {0}")
    @MethodSource("names")
    void aliasNames(String name, ScfError expected) {
        var refusal = RoutingRules.checkName(name);
        if (expected == null) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).get().extracting(RoutingRules.Refusal::error).isEqualTo(expected);
        }
    }
}
