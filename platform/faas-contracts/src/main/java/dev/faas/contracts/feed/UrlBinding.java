package dev.faas.contracts.feed;

/**
 * A function URL created as a trigger of type {@code http} (DESIGN.md §3): the URL id and what it invokes.
 * Published by trigger-service on its URL feed and its internal lookup; the gateway serves the URL from it.
 *
 * @param qualifier {@code $LATEST}, a published version number, or an alias name
 * @param authType  {@code NONE} (anyone may call) or {@code CAM} (signed callers only)
 * @param enabled   a disabled trigger's URL answers 404
 */
public record UrlBinding(String urlId, String namespace, String functionName, String qualifier, String triggerName,
                         String authType, boolean enabled) {
}
