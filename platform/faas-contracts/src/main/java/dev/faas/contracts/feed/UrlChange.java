package dev.faas.contracts.feed;

import java.util.List;

/**
 * One entry of trigger-service's URL feed: a function URL created or changed (with its binding), or deleted.
 * Followers apply entries in {@code seq} order.
 */
public record UrlChange(long seq, Kind kind, String urlId, UrlBinding binding) {
    public enum Kind {
        URL_UPSERTED,
        URL_DELETED
    }

    /** A page of the feed: the changes after the follower's cursor, and the cursor to ask from next. */
    public record Page(List<UrlChange> changes, long nextAfter) {
    }
}
