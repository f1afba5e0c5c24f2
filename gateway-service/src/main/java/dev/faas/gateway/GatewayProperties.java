package dev.faas.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * {@code faas.gateway.*}: where the other services are, how function URLs are spelled, and the account identity
 * injected into every request ({@code X-Scf-Region}, {@code X-Scf-Appid}, {@code X-Scf-Uin}).
 *
 * @param domain       function URLs in host form are {@code <UrlId>.<domain>}
 * @param leaseTimeout longest wait for a lease: a cold start may take the longest init timeout (300 s)
 * @param feedWait     how long one long-poll of the change feed waits for news
 */
@Validated
@ConfigurationProperties("faas.gateway")
public record GatewayProperties(
        @NotBlank String functionServiceUrl,
        @NotBlank String schedulerUrl,
        @NotBlank String triggerServiceUrl,
        @NotBlank String logServiceUrl,
        @DefaultValue("fn.localhost") @NotBlank String domain,
        @DefaultValue("ap-local") @NotBlank String region,
        @DefaultValue("1250000000") @NotBlank String appId,
        @DefaultValue("100000000001") @NotBlank String uin,
        @DefaultValue("310s") @NotNull Duration leaseTimeout,
        @DefaultValue("25s") @NotNull Duration feedWait) {
}
