package dev.faas.contracts.log;

import java.util.List;

/** Records shipped together to log-service. */
public record LogBatch(List<LogRecord> records) {
}
