package dev.faas.contracts.log;

/**
 * One log line in SCF's default format (spec part 1 §10.1). Platform lines ({@code START}, {@code END},
 * {@code Report}) and user lines (the instance's stdout and stderr) share it.
 *
 * @param alias      the alias the invocation was called through ({@code SCF_Alias}), or null when none (a version or
 *                   {@code $LATEST} named directly)
 * @param type       {@code Platform} or {@code Custom}
 * @param durationMs set on {@code Report} lines
 * @param statusCode set on {@code Report} lines
 */
public record LogRecord(
        String namespace,
        String functionName,
        String qualifier,
        String alias,
        String requestId,
        String type,
        String level,
        String message,
        long logTimeMillis,
        Long startTimeMillis,
        Long durationMs,
        Integer memoryMb,
        Double memUsageMb,
        Integer statusCode,
        int retryNum,
        String instanceId) {

    public static final String PLATFORM = "Platform";
    public static final String CUSTOM = "Custom";
}
