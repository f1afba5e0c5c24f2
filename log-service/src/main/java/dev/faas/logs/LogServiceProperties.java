package dev.faas.logs;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;

/**
 * {@code faas.log.*}.
 *
 * @param maxRecordsPerBatch largest batch one delivery may carry
 * @param maxMessageBytes    a message is cut to this many bytes ({@code SCF_Message} ≤ 8 KB, spec part 1 §2.6)
 */
@Validated
@ConfigurationProperties("faas.log")
public record LogServiceProperties(
        @DefaultValue("5000") @Min(1) @Max(100000) int maxRecordsPerBatch,
        @DefaultValue("8192") @Min(256) @Max(1048576) int maxMessageBytes) {
}
