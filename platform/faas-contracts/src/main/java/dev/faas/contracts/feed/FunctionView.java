package dev.faas.contracts.feed;

import java.util.Map;

/**
 * What the data path needs to know of one function version: the gateway to route and label a request, the
 * scheduler to start an instance. Published by function-service on its change feed and its internal lookups.
 *
 * @param revision grows by one on every change of {@code $LATEST}'s code or configuration, so an instance pool
 *                 keyed by it never serves stale code
 * @param urlId    the id of the function URL of {@code $LATEST}, or null when it has none
 */
public record FunctionView(
        String functionId,
        String namespace,
        String name,
        String type,
        String runtime,
        String version,
        long revision,
        int memoryMb,
        int timeoutSeconds,
        int initTimeoutSeconds,
        Map<String, String> environment,
        String codeSha256,
        long codeSize,
        String urlId,
        String status) {
}
