package dev.faas.function.catalogue;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.faas.contracts.error.ScfError;

class FunctionRulesTest {

    private static CreateFunctionRequest web(String name, Integer memory, Integer timeout, Integer initTimeout, List<EnvVariable> env) {
        return new CreateFunctionRequest(name, "HTTP", null, null, null, memory, timeout, initTimeout,
                env == null ? null : new CreateFunctionRequest.Environment(env), new CreateFunctionRequest.Code("x"));
    }

    static Stream<Arguments> refusals() {
        String longValue = "v".repeat(4090);
        return Stream.of(
                Arguments.of("missing name", web(null, null, null, null, null), ScfError.MISSING_PARAMETER),
                Arguments.of("one-character name", web("a", null, null, null, null), ScfError.INVALID_FUNCTION_NAME),
                Arguments.of("name starting with a digit", web("1abc", null, null, null, null), ScfError.INVALID_FUNCTION_NAME),
                Arguments.of("name ending with '-'", web("abc-", null, null, null, null), ScfError.INVALID_FUNCTION_NAME),
                Arguments.of("name ending with '_'", web("abc_", null, null, null, null), ScfError.INVALID_FUNCTION_NAME),
                Arguments.of("name with a dot", web("a.bc", null, null, null, null), ScfError.INVALID_FUNCTION_NAME),
                Arguments.of("61-character name", web("a" + "b".repeat(60), null, null, null, null), ScfError.INVALID_FUNCTION_NAME),
                Arguments.of("memory 100", web("fn", 100, null, null, null), ScfError.INVALID_MEMORY_SIZE),
                Arguments.of("memory 3200", web("fn", 3200, null, null, null), ScfError.INVALID_MEMORY_SIZE),
                Arguments.of("memory 32", web("fn", 32, null, null, null), ScfError.INVALID_MEMORY_SIZE),
                Arguments.of("timeout 0", web("fn", null, 0, null, null), ScfError.INVALID_TIMEOUT),
                Arguments.of("timeout 901", web("fn", null, 901, null, null), ScfError.INVALID_TIMEOUT),
                Arguments.of("init timeout 2", web("fn", null, null, 2, null), ScfError.INVALID_INIT_TIMEOUT),
                Arguments.of("init timeout 301", web("fn", null, null, 301, null), ScfError.INVALID_INIT_TIMEOUT),
                Arguments.of("environment over 4 KB", web("fn", null, null, null, List.of(new EnvVariable("KEY", longValue), new EnvVariable("K2", "vvvv"))), ScfError.ENVIRONMENT_EXCEEDED_LIMIT),
                Arguments.of("environment key with a dash", web("fn", null, null, null, List.of(new EnvVariable("A-B", "1"))), ScfError.INVALID_ENVIRONMENT),
                Arguments.of("environment key reserved SCF_", web("fn", null, null, null, List.of(new EnvVariable("SCF_X", "1"))), ScfError.ENVIRONMENT_SYSTEM_PROTECT),
                Arguments.of("environment key reserved TENCENTCLOUD_", web("fn", null, null, null, List.of(new EnvVariable("TENCENTCLOUD_X", "1"))), ScfError.ENVIRONMENT_SYSTEM_PROTECT),
                Arguments.of("environment key twice", web("fn", null, null, null, List.of(new EnvVariable("A", "1"), new EnvVariable("A", "2"))), ScfError.INVALID_ENVIRONMENT),
                Arguments.of("unknown type", new CreateFunctionRequest("fn", "Lambda", null, null, null, null, null, null, null, null), ScfError.INVALID_TYPE),
                Arguments.of("description with markup", new CreateFunctionRequest("fn", "HTTP", null, null, "<b>", null, null, null, null, null), ScfError.INVALID_DESCRIPTION));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refusals")
    void refusesEachRuleBreak_withItsScfCode(String name, CreateFunctionRequest request, ScfError expected) {
        assertThat(FunctionRules.checkCreate("default", request)).get().extracting(FunctionRules.Refusal::error).isEqualTo(expected);
    }

    @Test
    void acceptsEveryValidMemorySize_andTheBoundsOfEachRange() {
        List<Integer> valid = Stream.concat(Stream.of(64), IntStream.rangeClosed(1, 24).mapToObj(i -> i * 128)).toList();
        for (int memory : valid) {
            assertThat(FunctionRules.checkCreate("default", web("fn", memory, 1, 3, null))).as("memory %d", memory).isEmpty();
        }
        assertThat(FunctionRules.checkCreate("default", web("fn", 3072, 900, 300, List.of(new EnvVariable("K", "v".repeat(4095)))))).isEmpty();
    }

    @Test
    void namespaceAndNameTogetherMayNotExceed118() {
        String ns = "n".repeat(30);
        assertThat(FunctionRules.checkName(ns, "f" + "x".repeat(58) + "z")).isEmpty();
        assertThat(FunctionRules.checkName("n".repeat(60), "f" + "x".repeat(58) + "z")).get()
                .extracting(FunctionRules.Refusal::error).isEqualTo(ScfError.INVALID_FUNCTION_NAME);
    }
}
