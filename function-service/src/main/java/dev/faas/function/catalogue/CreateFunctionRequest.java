package dev.faas.function.catalogue;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of a create: SCF's {@code CreateFunction} fields with SCF's names (scf-api3-wire.md §7). Unknown fields
 * are ignored, as SCF-compatible clients send newer ones.
 */
public record CreateFunctionRequest(
        @JsonProperty("FunctionName") String functionName,
        @JsonProperty("Type") String type,
        @JsonProperty("Runtime") String runtime,
        @JsonProperty("Handler") String handler,
        @JsonProperty("Description") String description,
        @JsonProperty("MemorySize") Integer memorySize,
        @JsonProperty("Timeout") Integer timeout,
        @JsonProperty("InitTimeout") Integer initTimeout,
        @JsonProperty("Environment") Environment environment,
        @JsonProperty("Code") Code code) {

    public record Environment(@JsonProperty("Variables") List<EnvVariable> variables) {
    }

    public record Code(@JsonProperty("ZipFile") String zipFile) {
    }
}
