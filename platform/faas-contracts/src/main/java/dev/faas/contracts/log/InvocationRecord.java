package dev.faas.contracts.log;

/**
 * One invocation's platform lines as one record: its {@code START}, {@code END} and {@code Report} (spec part 1
 * §10.3) travel and are stored once, and become three lines when read. Every invocation writes them, so this is the
 * log path's per-invocation cost; the instance's output and the rarer platform lines ({@code Init Report},
 * {@code ERROR}) stay {@link LogRecord}s.
 *
 * @param alias           the alias it was called through, or null when none
 * @param startTimeMillis when it started: the {@code START} line's time and every line's {@code SCF_StartTime}
 * @param endTimeMillis   when it ended: the {@code END} and {@code Report} lines' time
 */
public record InvocationRecord(
        String namespace,
        String functionName,
        String qualifier,
        String alias,
        String requestId,
        String instanceId,
        long startTimeMillis,
        long endTimeMillis,
        long durationMs,
        int memoryMb,
        double memUsageMb,
        int statusCode,
        int retryNum) {

    /** {@code START RequestId:<id>} at the start. */
    public LogRecord startLine() {
        return line("START RequestId:" + requestId, startTimeMillis, null, null, null);
    }

    /** {@code END RequestId:<id>} at the end. */
    public LogRecord endLine() {
        return line("END RequestId:" + requestId, endTimeMillis, null, null, null);
    }

    /** {@code Report RequestId:<id> Duration:<ms>ms Memory:<MB>MB MemUsage:<MB>MB}, with the duration, usage and status. */
    public LogRecord reportLine() {
        // read for every invocation shown: no Formatter here
        String message = "Report RequestId:" + requestId + " Duration:" + durationMs + "ms Memory:" + memoryMb + "MB MemUsage:"
                + java.math.BigDecimal.valueOf(memUsageMb).setScale(6, java.math.RoundingMode.HALF_UP).toPlainString() + "MB";
        return line(message, endTimeMillis, durationMs, memUsageMb, statusCode);
    }

    private LogRecord line(String message, long atMillis, Long duration, Double memUsage, Integer status) {
        return new LogRecord(namespace, functionName, qualifier, alias, requestId, LogRecord.PLATFORM, "INFO", message, atMillis,
                startTimeMillis, duration, memoryMb, memUsage, status, retryNum, instanceId);
    }
}
