package dev.faas.scheduler.core;

/**
 * What instances of one pool have in common: a function version at one revision. A change of {@code $LATEST}'s
 * code or configuration raises the revision, so new requests go to a new pool and the old one drains and is
 * reclaimed.
 */
public record PoolKey(String namespace, String function, String version, long revision) {
    @Override
    public String toString() {
        return namespace + "/" + function + ":" + version + "@" + revision;
    }
}
