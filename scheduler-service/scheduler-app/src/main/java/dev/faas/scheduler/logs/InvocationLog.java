package dev.faas.scheduler.logs;

import java.time.Clock;
import java.util.Locale;

import dev.faas.contracts.error.FunctionStatus;
import dev.faas.contracts.log.InvocationRecord;
import dev.faas.contracts.log.LogRecord;
import dev.faas.scheduler.core.PoolKey;

/**
 * Writes an invocation's platform lines in SCF's sequence and wording (spec part 1 §10.3): {@code START},
 * {@code Init Report} on a cold start, {@code ERROR} on a refusal, {@code END}, {@code Report}. {@code START},
 * {@code END} and {@code Report} go as one {@link InvocationRecord} when the invocation ends (log-service shows them
 * as three lines at their times); the others as lines when they happen. User lines (the instance's output) are
 * {@code Custom} records carrying the request id the instance serves.
 */
public final class InvocationLog {
    private final LogShipper shipper;
    private final Clock clock;

    public InvocationLog(LogShipper shipper, Clock clock) {
        this.shipper = shipper;
        this.clock = clock;
    }

    /**
     * Who a line belongs to.
     *
     * @param alias the alias the invocation was called through ({@code SCF_Alias}), or null when none
     */
    public record Context(PoolKey pool, String requestId, String instanceId, int memoryMb, long startMillis, String alias) {
    }

    public void initReport(Context c, long totalMs, long pullCodeMs, long initRuntimeMs, long initFunctionMs, double memUsageMb) {
        platform(c, String.format(Locale.ROOT, "Init Report RequestId:%s Coldstart: %dms (PullCode: %dms InitRuntime: %dms InitFunction: %dms) Memory: %dMB MemUsage: %.2fMB",
                c.requestId(), totalMs, pullCodeMs, initRuntimeMs, initFunctionMs, c.memoryMb(), memUsageMb), null, null, null);
    }

    /** A provisioned instance's only platform line (spec part 1 §10.4): no START, the id is the provisioning's. */
    public void provisionedReport(Context c, long totalMs, long pullCodeMs, long initRuntimeMs, long initFunctionMs, double memUsageMb) {
        platform(c, String.format(Locale.ROOT, "Provisioned Report RequestId: %s Coldstart: %dms (PullCode: %dms InitRuntime: %dms InitFunction: %dms) Memory: %dMB MemUsage: %.2fMB",
                c.requestId(), totalMs, pullCodeMs, initRuntimeMs, initFunctionMs, c.memoryMb(), memUsageMb), null, null, null);
    }

    /** A provisioning that failed: {@code ERROR RequestId:<id> Result:<reason>}. */
    public void provisioningFailed(Context c, FunctionStatus status) {
        platform(c, "ERROR RequestId:" + c.requestId() + " Result:" + status.bodyJson(), null, null, null);
    }

    public void refused(Context c, FunctionStatus status, long durationMs) {
        platform(c, "ERROR RequestId:" + c.requestId() + " Result:" + status.bodyJson(), null, null, null);
        end(c, status.statusCode(), durationMs, 0);
    }

    public void end(Context c, int statusCode, long durationMs, double memUsageMb) {
        end(c, statusCode, durationMs, memUsageMb, clock.millis());
    }

    /**
     * The invocation ended at {@code atMillis}: its {@code START} (at the context's start), {@code END} and
     * {@code Report}, as one record.
     */
    public void end(Context c, int statusCode, long durationMs, double memUsageMb, long atMillis) {
        shipper.ship(new InvocationRecord(c.pool().namespace(), c.pool().function(), c.pool().version(), c.alias(), c.requestId(), c.instanceId(),
                c.startMillis(), Math.max(atMillis, c.startMillis()), durationMs, c.memoryMb(), memUsageMb, statusCode, 0));
    }

    /** A line of the instance's output, read at {@code atMillis}. */
    public void user(Context c, String stream, String line, long atMillis) {
        shipper.ship(new LogRecord(c.pool().namespace(), c.pool().function(), c.pool().version(), c.alias(), c.requestId(), LogRecord.CUSTOM,
                stream.equals("stderr") ? "ERROR" : "INFO", line, atMillis, c.startMillis(), null, c.memoryMb(), null, null, 0, c.instanceId()));
    }

    private void platform(Context c, String message, Long durationMs, Double memUsageMb, Integer statusCode) {
        platform(c, message, durationMs, memUsageMb, statusCode, clock.millis());
    }

    private void platform(Context c, String message, Long durationMs, Double memUsageMb, Integer statusCode, long atMillis) {
        shipper.ship(new LogRecord(c.pool().namespace(), c.pool().function(), c.pool().version(), c.alias(), c.requestId(), LogRecord.PLATFORM,
                "INFO", message, atMillis, c.startMillis(), durationMs, c.memoryMb(), memUsageMb, statusCode, 0, c.instanceId()));
    }
}
