package dev.faas.trigger.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import dev.faas.contracts.error.ScfError;
import tools.jackson.databind.json.JsonMapper;

/** One row per CreateTrigger rule for http triggers (wire §7, spec part 1 §12, §13.2); null = accepted. */
class TriggerRulesTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    static Stream<Arguments> rules() {
        return Stream.of(
                Arguments.of("name", "url-1", "http", "OPEN", null, null),
                Arguments.of("name of 100 characters", "u" + "x".repeat(99), "http", null, null, null),
                Arguments.of("name of 101 characters", "u" + "x".repeat(100), "http", null, null, ScfError.INVALID_TRIGGER_NAME),
                Arguments.of("name starting with a digit", "1url", "http", null, null, ScfError.INVALID_TRIGGER_NAME),
                Arguments.of("name with a space", "my url", "http", null, null, ScfError.INVALID_TRIGGER_NAME),
                Arguments.of("no name", "", "http", null, null, ScfError.MISSING_PARAMETER),
                Arguments.of("no type", "url", null, null, null, ScfError.MISSING_PARAMETER),
                Arguments.of("a timer, not served yet", "url", "timer", null, null, ScfError.UNSUPPORTED_TRIGGER),
                Arguments.of("Kafka, not served yet", "url", "ckafka", null, null, ScfError.UNSUPPORTED_TRIGGER),
                Arguments.of("an unknown type", "url", "webhook", null, null, ScfError.INVALID_TYPE),
                Arguments.of("Enable CLOSE", "url", "http", "CLOSE", null, null),
                Arguments.of("Enable 1", "url", "http", "1", null, ScfError.INVALID_ENABLE),
                Arguments.of("AuthType NONE", "url", "http", null, "{\"AuthType\":\"NONE\"}", null),
                Arguments.of("NetConfig on the extranet", "url", "http", null, "{\"AuthType\":\"NONE\",\"NetConfig\":{\"EnableIntranet\":false,\"EnableExtranet\":true}}", null),
                Arguments.of("AuthType CAM, not served yet", "url", "http", null, "{\"AuthType\":\"CAM\"}", ScfError.UNSUPPORTED_TRIGGER),
                Arguments.of("AuthType KEY", "url", "http", null, "{\"AuthType\":\"KEY\"}", ScfError.INVALID_TRIGGER_DESC),
                Arguments.of("TriggerDesc a list", "url", "http", null, "[1]", ScfError.INVALID_TRIGGER_DESC),
                Arguments.of("NetConfig off everywhere", "url", "http", null, "{\"NetConfig\":{\"EnableIntranet\":false,\"EnableExtranet\":false}}", ScfError.INVALID_TRIGGER_DESC),
                Arguments.of("NetConfig with a word", "url", "http", null, "{\"NetConfig\":{\"EnableExtranet\":\"yes\"}}", ScfError.INVALID_TRIGGER_DESC));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("rules")
    void createTriggerRules(String row, String name, String type, String enable, String desc, ScfError expected) {
        Optional<TriggerRules.Refusal> refusal = TriggerRules.checkName(name).or(() -> TriggerRules.checkType(type))
                .or(() -> TriggerRules.checkEnable(enable)).or(() -> TriggerRules.checkHttpDesc(desc == null ? null : JSON.readTree(desc)));
        if (expected == null) {
            assertThat(refusal).isEmpty();
        } else {
            assertThat(refusal).get().extracting(TriggerRules.Refusal::error).isEqualTo(expected);
        }
    }
}
