package dev.faas.function.alias;

import java.util.List;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * SCF's {@code RoutingConfig} (wire §7 nested types): weighted extra versions, or header rules. The rule list keeps
 * SCF's spelling {@code AddtionVersionMatchs}.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record RoutingConfig(
        @JsonProperty("AdditionalVersionWeights") List<VersionWeight> additionalVersionWeights,
        @JsonProperty("AddtionVersionMatchs") List<VersionMatch> addtionVersionMatchs) {

    public static final RoutingConfig NONE = new RoutingConfig(List.of(), List.of());

    public List<VersionWeight> weights() {
        return additionalVersionWeights == null ? List.of() : additionalVersionWeights;
    }

    public List<VersionMatch> matches() {
        return addtionVersionMatchs == null ? List.of() : addtionVersionMatchs;
    }

    /** A share (0–1] of invocations sent to an extra version; the rest go to the alias's main version. */
    public record VersionWeight(@JsonProperty("Version") String version, @JsonProperty("Weight") Double weight) {
    }

    /**
     * Invocations whose routing key matches go to {@code Version}: {@code Key} is {@code invoke.headers.<name>},
     * {@code Method} {@code exact} (the value equals {@code Expression}) or {@code range} ({@code [a,b]} or
     * {@code (a,b)}, integers, the value parsed as an integer).
     */
    public record VersionMatch(@JsonProperty("Version") String version, @JsonProperty("Key") String key,
                               @JsonProperty("Method") String method, @JsonProperty("Expression") String expression) {
    }
}
