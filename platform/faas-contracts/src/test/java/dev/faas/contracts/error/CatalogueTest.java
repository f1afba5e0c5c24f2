package dev.faas.contracts.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.HashSet;
import java.util.Map;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;

import dev.faas.contracts.api.ApiEnvelope;

class CatalogueTest {

    @Test
    void everyApiCodeIsUnique_andResolvesBackToItsEntry() {
        var codes = Arrays.stream(ScfError.values()).map(ScfError::code).collect(Collectors.toList());
        assertThat(new HashSet<>(codes)).hasSameSizeAs(codes);
        for (ScfError e : ScfError.values()) {
            assertThat(ScfError.ofCode(e.code())).isSameAs(e);
        }
        assertThat(ScfError.ofCode("No.Such.Code")).isSameAs(ScfError.INTERNAL_ERROR);
    }

    @Test
    void functionStatusesCarryTheSpecsNumbersAndMessages() {
        // spec part 1 §4.5 and §17, copied exactly
        Map<Integer, String> expected = Map.ofEntries(
                Map.entry(405, "ContainerStateExitedByUser"),
                Map.entry(406, "RequestTooLarge"),
                Map.entry(407, "The HTTP response body exceeds the size limit."),
                Map.entry(430, "User code exception caught"),
                Map.entry(432, "ResourceLimitReached"),
                Map.entry(433, "TimeLimitReached"),
                Map.entry(434, "MemoryLimitReached"),
                Map.entry(439, "User process exit when running"),
                Map.entry(446, "PortBindingFailed"),
                Map.entry(499, "kRequestCancelled"),
                Map.entry(500, "InternalError"));
        expected.forEach((status, message) -> assertThat(Arrays.stream(FunctionStatus.values())
                .anyMatch(s -> s.statusCode() == status && s.message().equals(message)))
                .as("%d %s", status, message).isTrue());
    }

    @Test
    void errorBodyIsScfsShape() {
        assertThat(FunctionStatus.RESOURCE_LIMIT_REACHED.bodyJson())
                .isEqualTo("{\"errorCode\":-1,\"errorMessage\":\"ResourceLimitReached\",\"statusCode\":432}");
        assertThat(FunctionStatus.RESOURCE_LIMIT_REACHED.body())
                .containsExactly(Map.entry("errorCode", -1), Map.entry("errorMessage", "ResourceLimitReached"),
                        Map.entry("statusCode", 432));
    }

    @Test
    void envelopeHoldsErrorAndRequestIdInsideResponse() {
        Map<String, Object> env = ApiEnvelope.error(ScfError.FUNCTION_NOT_FOUND, "function f not found", "rid-1");
        @SuppressWarnings("unchecked")
        Map<String, Object> response = (Map<String, Object>) env.get("Response");
        assertThat(response).containsEntry("RequestId", "rid-1");
        assertThat(response.get("Error")).isEqualTo(Map.of("Code", "ResourceNotFound.Function", "Message", "function f not found"));
    }
}
