package dev.faas.function.layer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.faas.contracts.error.ScfError;
import dev.faas.starter.ScfException;

/** The layer rules of spec part 2 §8.2 and Appendix G, one row each; null = accepted. */
class LayerRulesTest {

    static Stream<Arguments> names() {
        return Stream.of(
                Arguments.of("a", ScfError.INVALID_LAYER_NAME),
                Arguments.of("1abc", ScfError.INVALID_LAYER_NAME),
                Arguments.of("abc-", ScfError.INVALID_LAYER_NAME),
                Arguments.of("abc_", ScfError.INVALID_LAYER_NAME),
                Arguments.of("a.b", ScfError.INVALID_LAYER_NAME),
                Arguments.of("a" + "b".repeat(60), ScfError.INVALID_LAYER_NAME),
                Arguments.of("", ScfError.MISSING_PARAMETER),
                Arguments.of("ab", null),
                Arguments.of("my-layer_2", null),
                Arguments.of("a" + "b".repeat(59), null));
    }

    @ParameterizedTest(name = "layer name \"{0}\"")
    @MethodSource("names")
    void layerNames(String name, ScfError expected) {
        if (expected == null) {
            assertThatCode(() -> LayerCatalogue.checkName(name)).doesNotThrowAnyException();
        } else {
            assertThat(catchThrowableOfType(ScfException.class, () -> LayerCatalogue.checkName(name)).error()).isEqualTo(expected);
        }
    }

    static Stream<Arguments> runtimes() {
        return Stream.of(
                Arguments.of(List.of("Python3.9"), null),
                Arguments.of(List.of("python3.9", "Nodejs16.13", "Go1", "Java11", "CustomRuntime"), null),
                Arguments.of(List.of(), ScfError.INVALID_COMPATIBLE_RUNTIMES),
                Arguments.of(List.of("Python3.6", "Python3.7", "Python3.9", "Python3.10", "Python3.11", "Python3.12"), ScfError.INVALID_COMPATIBLE_RUNTIMES),
                Arguments.of(List.of("Cobol85"), ScfError.INVALID_COMPATIBLE_RUNTIMES));
    }

    @ParameterizedTest(name = "compatible runtimes {0}")
    @MethodSource("runtimes")
    void compatibleRuntimes(List<String> runtimes, ScfError expected) {
        if (expected == null) {
            assertThat(LayerCatalogue.checkRuntimes(runtimes)).hasSize(runtimes.size()).allMatch(r -> !r.equals("python3.9"));
        } else {
            assertThat(catchThrowableOfType(ScfException.class, () -> LayerCatalogue.checkRuntimes(runtimes)).error()).isEqualTo(expected);
        }
    }
}
