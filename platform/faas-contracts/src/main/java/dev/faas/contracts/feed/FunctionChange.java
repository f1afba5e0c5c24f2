package dev.faas.contracts.feed;

/**
 * One entry of function-service's change feed. Followers apply entries in {@code seq} order; replaying the feed from
 * 0 rebuilds the current state.
 *
 * @param function the function after the change; null for {@link Kind#FUNCTION_DELETED}
 */
public record FunctionChange(long seq, Kind kind, String namespace, String functionName, FunctionView function, long atEpochMillis) {
    public enum Kind {
        FUNCTION_UPSERTED,
        FUNCTION_DELETED
    }
}
