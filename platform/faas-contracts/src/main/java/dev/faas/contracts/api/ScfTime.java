package dev.faas.contracts.api;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/** Times as SCF's API writes them: {@code yyyy-MM-dd HH:mm:ss}, UTC. */
public final class ScfTime {
    private static final DateTimeFormatter FORMAT = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(ZoneOffset.UTC);

    private ScfTime() {
    }

    public static String format(Instant instant) {
        return FORMAT.format(instant);
    }
}
