package dev.faas.function.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SCF's {@code UpdateFunctionConfiguration}: a partial update, only the fields given change; {@code Environment}
 * replaces the whole list (an empty list clears it).
 */
public record UpdateConfigurationRequest(
        @JsonProperty("Description") String description,
        @JsonProperty("MemorySize") Integer memorySize,
        @JsonProperty("Timeout") Integer timeout,
        @JsonProperty("InitTimeout") Integer initTimeout,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("Environment") CreateFunctionRequest.Environment environment) {
}
