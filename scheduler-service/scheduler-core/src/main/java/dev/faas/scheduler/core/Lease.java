package dev.faas.scheduler.core;

import java.time.Instant;

/**
 * One slot on one instance, held by one request until released or until {@code expiresAt} passes (its holder died).
 * Immutable: renewals and activation produce a new value.
 *
 * @param expiresAt null while the instance is still starting: the TTL runs from the moment the slot is usable
 */
public record Lease(String id, PoolKey pool, String instanceId, String requestId, Instant grantedAt, Instant expiresAt) {

    public boolean active() {
        return expiresAt != null;
    }

    Lease activated(Instant now, java.time.Duration ttl) {
        return new Lease(id, pool, instanceId, requestId, now, now.plus(ttl));
    }

    Lease renewed(Instant now, java.time.Duration ttl) {
        return new Lease(id, pool, instanceId, requestId, grantedAt, now.plus(ttl));
    }
}
