package dev.faas.contracts.log;

import java.util.List;

/**
 * Shipped together to log-service: lines, and invocations (each its {@code START}, {@code END} and {@code Report}).
 * Either list may be absent.
 */
public record LogBatch(List<LogRecord> records, List<InvocationRecord> invocations) {
    public LogBatch {
        records = records == null ? List.of() : records;
        invocations = invocations == null ? List.of() : invocations;
    }

    /** Lines and invocations, in one count (a batch's size limit counts both). */
    public int size() {
        return records.size() + invocations.size();
    }
}
