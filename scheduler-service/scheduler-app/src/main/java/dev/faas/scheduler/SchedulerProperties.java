package dev.faas.scheduler;

import java.nio.file.Path;
import java.time.Duration;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * {@code faas.scheduler.*}.
 *
 * @param leaseTtl          shortest lease lifetime; a lease lives at least the function's timeout plus
 *                          {@code leaseGrace}, so a request that runs to its timeout is never cut off
 * @param idleTimeout       an instance with no lease for this long is stopped
 * @param slotsPerInstance  requests one instance serves at once (SCF default: 1)
 * @param region            reported to functions as {@code X-Scf-Region} and {@code TENCENTCLOUD_REGION}
 * @param concurrency       the region's concurrency pool and scale-up budgets (spec part 1 §11)
 */
@Validated
@ConfigurationProperties("faas.scheduler")
public record SchedulerProperties(
        @NotBlank String functionServiceUrl,
        @NotBlank String logServiceUrl,
        @DefaultValue("30s") @NotNull Duration leaseTtl,
        @DefaultValue("5s") @NotNull Duration leaseGrace,
        @DefaultValue("5m") @NotNull Duration idleTimeout,
        @DefaultValue("1s") @NotNull Duration reapInterval,
        @DefaultValue("1") @Min(1) @Max(100) int slotsPerInstance,
        @DefaultValue("ap-local") @NotBlank String region,
        @DefaultValue("1250000000") @NotBlank String appId,
        @DefaultValue("100000000001") @NotBlank String uin,
        @DefaultValue @Valid Local local,
        @DefaultValue @Valid Concurrency concurrency) {

    /**
     * @param regionMb                  the region pool in MB until PutTotalConcurrencyConfig sets one (SCF: 128000)
     * @param elasticStartsPerMinute    new instances a minute for invocations, the whole region (SCF: 500)
     * @param provisionedStartsPerMinute new provisioned instances a minute, a budget of its own (SCF: 100)
     */
    public record Concurrency(
            @DefaultValue("128000") @Min(12800) long regionMb,
            @DefaultValue("500") @Min(1) @Max(1000000) int elasticStartsPerMinute,
            @DefaultValue("100") @Min(1) @Max(1000000) int provisionedStartsPerMinute) {
    }

    /**
     * The local provider: instances are processes on this machine.
     *
     * @param workDir         unpacked packages and per-instance {@code /tmp} directories
     * @param langRoot        where SCF bootstraps expect interpreters ({@code /var/lang/python3/bin/python3} ...)
     * @param createLangLinks whether to create that tree as links to the interpreters found here, where writable
     * @param stopGrace       time between SIGTERM and SIGKILL when an instance is stopped
     */
    public record Local(
            @NotNull Path workDir,
            @DefaultValue("/var/lang") @NotNull Path langRoot,
            @DefaultValue("true") boolean createLangLinks,
            @DefaultValue("2s") @NotNull Duration stopGrace) {
    }
}
