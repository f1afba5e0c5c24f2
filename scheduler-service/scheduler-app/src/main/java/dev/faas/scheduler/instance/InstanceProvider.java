package dev.faas.scheduler.instance;

import dev.faas.contracts.error.FunctionStatus;
import dev.faas.contracts.feed.FunctionView;
import dev.faas.scheduler.core.Endpoint;
import dev.faas.scheduler.core.PoolKey;

/**
 * Runs instances: local processes or Kubernetes pods (DESIGN.md §4). One interface, the same scheduler logic above
 * every implementation.
 */
public interface InstanceProvider {

    /**
     * Starts an instance and returns once it accepts connections, within the function's init timeout.
     *
     * @throws StartFailure with 446 when it never listened, 405 when it exited, 500 when the platform failed
     */
    Started start(Spec spec) throws StartFailure, InterruptedException;

    /** Stops an instance and everything it started. Idempotent. */
    void stop(String instanceId, String reason);

    /** Memory the instance uses now, in MB; 0 when unknown. */
    double memoryUsedMb(String instanceId);

    /** Refreshes what is costly to measure on demand (memory of child processes); called every reap interval. */
    default void sampleChildren() {
    }

    /**
     * Why an instance ended: 434 when the memory limit killed it, 439 when its process ended by itself; empty while it
     * runs (waiting up to {@code wait} for an exit that is on its way).
     */
    default java.util.Optional<FunctionStatus> exitReason(String instanceId, java.time.Duration wait) throws InterruptedException {
        return java.util.Optional.empty();
    }

    /** Stops every instance this provider runs (shutdown). */
    void stopAll();

    /** What to start. {@code listener} hears the instance's output and its exit. */
    record Spec(String instanceId, PoolKey pool, FunctionView function, Listener listener) {
    }

    /**
     * A started instance, with where its start time went (the Init Report's PullCode, InitRuntime, InitFunction).
     */
    record Started(Endpoint endpoint, long pullCodeMillis, long initRuntimeMillis, long initFunctionMillis) {
    }

    interface Listener {
        void output(String instanceId, String stream, String line);

        void exited(String instanceId, int exitCode);
    }

    final class StartFailure extends Exception {
        private final FunctionStatus status;

        public StartFailure(FunctionStatus status, String message) {
            super(message, null, false, false);
            this.status = status;
        }

        public FunctionStatus status() {
            return status;
        }
    }
}
