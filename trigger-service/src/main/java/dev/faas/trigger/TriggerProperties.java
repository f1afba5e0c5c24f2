package dev.faas.trigger;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;

/**
 * {@code faas.trigger.*}.
 *
 * @param functionServiceUrl where function-service answers (function and qualifier lookups, its change feed)
 * @param gatewayUrl         the gateway's public base URL, for the path form of function URLs
 * @param domain             the domain of the host form {@code <UrlId>.<domain>}
 * @param triggersPerType    quota of triggers of one type on a function when function-service, which keeps the
 *                           administrator's quotas, cannot be asked (SCF: 10)
 */
@Validated
@ConfigurationProperties("faas.trigger")
public record TriggerProperties(
        @DefaultValue("http://127.0.0.1:8081") @NotBlank String functionServiceUrl,
        @DefaultValue("http://127.0.0.1:8080") @NotBlank String gatewayUrl,
        @DefaultValue("fn.localhost") @NotBlank String domain,
        @DefaultValue("10") @Min(1) @Max(1000) int triggersPerType) {
}
