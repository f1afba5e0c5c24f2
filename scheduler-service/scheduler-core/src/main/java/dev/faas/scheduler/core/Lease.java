package dev.faas.scheduler.core;

import java.time.Duration;
import java.time.Instant;

/**
 * One slot on one instance, held by one request until released or until {@code expiresAt} passes (its holder died).
 * Immutable: renewals and activation produce a new value.
 *
 * @param ttl       how long it lives without a renewal, fixed when it is granted
 * @param expiresAt null while the instance is still starting: the TTL runs from the moment the slot is usable
 */
public record Lease(String id, PoolKey pool, String instanceId, String requestId, Duration ttl, Instant grantedAt, Instant expiresAt) {

    public boolean active() {
        return expiresAt != null;
    }

    Lease activated(Instant now) {
        return new Lease(id, pool, instanceId, requestId, ttl, now, now.plus(ttl));
    }

    Lease renewed(Instant now) {
        return new Lease(id, pool, instanceId, requestId, ttl, grantedAt, now.plus(ttl));
    }
}
