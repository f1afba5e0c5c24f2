package dev.faas.function.catalogue;

import com.fasterxml.jackson.annotation.JsonProperty;

/** One environment variable, named as SCF's {@code Variable} model is. */
public record EnvVariable(@JsonProperty("Key") String key, @JsonProperty("Value") String value) {
}
