package dev.faas.function.namespace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import dev.faas.contracts.error.ScfError;
import dev.faas.starter.ScfException;

/** Namespace names (wire §7: letters, digits, '-', '_', at most 30), one row each. */
class NamespaceRulesTest {

    @ParameterizedTest(name = "namespace \"{0}\" accepted: {1}")
    @CsvSource({"default,true", "team-a,true", "a,true", "A_1-b,true", "abcdefghijabcdefghijabcdefghij,true",
            "abcdefghijabcdefghijabcdefghijk,false", "no spaces,false", "dot.ted,false", "'',false", "ünï,false"})
    void namespaceNames(String name, boolean accepted) {
        if (accepted) {
            assertThatCode(() -> NamespaceCatalogue.checkName(name)).doesNotThrowAnyException();
        } else {
            assertThat(catchThrowableOfType(ScfException.class, () -> NamespaceCatalogue.checkName(name)).error()).isEqualTo(ScfError.INVALID_NAMESPACE);
        }
    }
}
