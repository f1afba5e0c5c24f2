package dev.faas.logs.records;

import java.nio.charset.StandardCharsets;
import java.util.List;

import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

import dev.faas.contracts.error.ScfError;
import dev.faas.contracts.log.InvocationRecord;
import dev.faas.contracts.log.LogBatch;
import dev.faas.contracts.log.LogRecord;
import dev.faas.logs.LogServiceProperties;
import dev.faas.starter.ScfException;

/** Accepts batches (all or nothing) and answers queries. Messages over the size limit keep their first bytes. */
@Service
public class LogStore {
    private final LogRepository repository;
    private final LogServiceProperties properties;

    LogStore(LogRepository repository, LogServiceProperties properties) {
        this.repository = repository;
        this.properties = properties;
    }

    /** Stores a batch's lines and invocations, all or nothing; answers how many of both it took. */
    @Transactional
    public int accept(LogBatch batch) {
        if (batch == null || batch.size() == 0) {
            return 0;
        }
        if (batch.size() > properties.maxRecordsPerBatch()) {
            throw new ScfException(ScfError.REQUEST_SIZE_LIMIT_EXCEEDED, "A batch may carry at most " + properties.maxRecordsPerBatch() + " records.");
        }
        for (LogRecord r : batch.records()) {
            if (r == null || r.namespace() == null || r.functionName() == null || r.requestId() == null || r.message() == null) {
                throw new ScfException(ScfError.MISSING_PARAMETER, "Every record needs namespace, functionName, requestId and message.");
            }
            if (!LogRecord.PLATFORM.equals(r.type()) && !LogRecord.CUSTOM.equals(r.type())) {
                throw new ScfException(ScfError.INVALID_PARAMETER_VALUE, "type must be Platform or Custom.");
            }
        }
        for (InvocationRecord i : batch.invocations()) {
            if (i == null || i.namespace() == null || i.functionName() == null || i.requestId() == null) {
                throw new ScfException(ScfError.MISSING_PARAMETER, "Every invocation needs namespace, functionName and requestId.");
            }
            if (i.endTimeMillis() < i.startTimeMillis() || i.durationMs() < 0) {
                throw new ScfException(ScfError.INVALID_PARAMETER_VALUE, "An invocation ends after it starts and lasts 0 ms or more.");
            }
        }
        repository.insertAll(batch.records().stream().map(this::truncated).toList());
        repository.insertInvocations(batch.invocations());
        return batch.size();
    }

    public List<LogRecord> find(String namespace, String functionName, String requestId, int offset, int limit) {
        if (offset < 0 || offset > 10_000) {
            throw new ScfException(ScfError.INVALID_OFFSET, "Offset must be 0 to 10000.");
        }
        if (limit < 1 || limit > 10_000) {
            throw new ScfException(ScfError.INVALID_LIMIT, "Limit must be 1 to 10000.");
        }
        return repository.find(namespace, functionName, requestId, offset, limit);
    }

    private LogRecord truncated(LogRecord r) {
        byte[] bytes = r.message().getBytes(StandardCharsets.UTF_8);
        String qualifier = r.qualifier() == null ? "$LATEST" : r.qualifier();
        String level = r.level() == null ? "INFO" : r.level();
        String message = r.message();
        if (bytes.length > properties.maxMessageBytes()) {
            // cut on a character boundary at or below the limit
            message = new String(bytes, 0, properties.maxMessageBytes(), StandardCharsets.UTF_8).replaceAll("\uFFFD+$", "");
        }
        return new LogRecord(r.namespace(), r.functionName(), qualifier, r.alias(), r.requestId(), r.type(), level, message, r.logTimeMillis(),
                r.startTimeMillis(), r.durationMs(), r.memoryMb(), r.memUsageMb(), r.statusCode(), r.retryNum(), r.instanceId());
    }
}
