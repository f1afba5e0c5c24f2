package dev.faas.contracts.feed;

import java.util.List;

/** A page of the change feed: the changes after the follower's cursor, and the cursor to ask from next. */
public record ChangePage(List<FunctionChange> changes, long nextAfter) {
}
