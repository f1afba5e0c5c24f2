package dev.faas.function;

import java.nio.file.Path;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;

/**
 * {@code faas.function.*}: where packages live, the package limits (spec part 1 §2.2, wire §4.2) and how function
 * URLs are spelled in responses.
 *
 * @param codeDir          content-addressed package store (standalone: under the data directory)
 * @param maxZipSize       largest zip accepted in a request (SCF: 50 MB)
 * @param maxUnpackedSize  largest package once unpacked (SCF: 500 MB with layers)
 * @param functionsPerNamespace quota of functions in one namespace (SCF: 50)
 * @param namespaces       quota of namespaces, {@code default} included (SCF: 5)
 * @param versionsPerFunction quota of published versions kept per function (SCF: 1000)
 * @param aliasesPerFunction quota of aliases per function, {@code $DEFAULT} included
 * @param layers           quota of layers in the region (SCF: 20)
 * @param versionsPerLayer quota of versions kept per layer (SCF: 200)
 * @param triggersPerType  quota of triggers of one type on a function (SCF: 10)
 * @param schedulerUrl     where scheduler-service answers (the concurrency figures of GetAccount)
 * @param functionNameLength  longest function name (SCF: 60)
 * @param qualifiedNameLength longest namespace and function name together (SCF: 118)
 */
@Validated
@ConfigurationProperties("faas.function")
public record FunctionServiceProperties(
        @NotNull Path codeDir,
        @DefaultValue("50MB") @NotNull DataSize maxZipSize,
        @DefaultValue("500MB") @NotNull DataSize maxUnpackedSize,
        @DefaultValue("50") @Min(1) @Max(100000) int functionsPerNamespace,
        @DefaultValue("5") @Min(1) @Max(10000) int namespaces,
        @DefaultValue("1000") @Min(1) @Max(100000) int versionsPerFunction,
        @DefaultValue("10") @Min(1) @Max(1000) int aliasesPerFunction,
        @DefaultValue("20") @Min(1) @Max(100000) int layers,
        @DefaultValue("200") @Min(1) @Max(100000) int versionsPerLayer,
        @DefaultValue("10") @Min(1) @Max(1000) int triggersPerType,
        @DefaultValue("http://127.0.0.1:8082") @NotBlank String schedulerUrl,
        @DefaultValue("60") @Min(2) @Max(255) int functionNameLength,
        @DefaultValue("118") @Min(3) @Max(512) int qualifiedNameLength,
        @DefaultValue @Valid Urls urls) {

    /**
     * @param gatewayUrl the gateway's public base URL, for the path form {@code <gatewayUrl>/fn/<UrlId>/}
     * @param domain     the domain of the host form {@code <UrlId>.<domain>}
     */
    public record Urls(
            @DefaultValue("http://127.0.0.1:8080") @NotBlank String gatewayUrl,
            @DefaultValue("fn.localhost") @NotBlank String domain) {
    }
}
