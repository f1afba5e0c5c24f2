package dev.faas.gateway;

import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * {@code faas.gateway.*}: where the other services are, how function URLs are spelled, and the account identity
 * injected into every request ({@code X-Scf-Region}, {@code X-Scf-Appid}, {@code X-Scf-Uin}).
 *
 * @param domain       function URLs in host form are {@code <UrlId>.<domain>}
 * @param leaseTimeout longest wait for a lease: a cold start may take the longest init timeout (300 s)
 * @param feedWait     how long one long-poll of the change feed waits for news
 * @param slots        the slots kept between invocations
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
        @DefaultValue("25s") @NotNull Duration feedWait,
        @Valid @NotNull Keys keys,
        @DefaultValue @Valid @NotNull Slots slots) {

    /**
     * The slots the gateway holds between invocations (ADR 0004).
     *
     * @param linger        how long a slot given back stays free for the next invocation before it is returned to
     *                      the scheduler; while it waits it counts against the function's concurrency quota
     * @param flushInterval how often invocation reports, returns and renewals go to the scheduler in one batch
     * @param heartbeat     how often a gateway holding slots asks the scheduler even with nothing to report, to learn
     *                      of configuration changes and restarts
     */
    public record Slots(
            @DefaultValue("500ms") @NotNull Duration linger,
            @DefaultValue("50ms") @NotNull Duration flushInterval,
            @DefaultValue("250ms") @NotNull Duration heartbeat) {
    }

    /**
     * @param masterKey      base64 of 32 random bytes; encrypts secret keys at rest (the standalone platform makes one
     *                       in its data directory)
     * @param createAdminKey create an admin key pair at start-up when there is no key at all, and print it once
     * @param maxApiBody     the largest API 3.0 request body (a CreateFunction with a 50 MB zip is about 67 MB)
     */
    public record Keys(
            @NotBlank String masterKey,
            @DefaultValue("false") boolean createAdminKey,
            @DefaultValue("80MB") @NotNull org.springframework.util.unit.DataSize maxApiBody) {
    }
}
