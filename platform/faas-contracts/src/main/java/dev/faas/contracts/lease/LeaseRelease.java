package dev.faas.contracts.lease;

/** What the gateway reports when the response has ended: the status the client saw, the time it took, bytes sent. */
public record LeaseRelease(int statusCode, long durationMillis, long responseBytes) {
}
