package dev.faas.contracts.feed;

import java.util.List;
import java.util.Map;

/**
 * What the data path needs to know of one function version: the gateway to route and label a request, the
 * scheduler to start an instance. Published by function-service on its change feed and its internal lookups.
 *
 * @param revision grows by one on every change of {@code $LATEST}'s code or configuration, so an instance pool
 *                 keyed by it never serves stale code
 * @param urlId    the id of the function URL, or null when it has none; the URL invokes the {@code $DEFAULT} alias
 * @param aliases  the function's aliases, {@code $DEFAULT} first (on the views of {@code $LATEST}; empty on a
 *                 published version's view)
 * @param layers   the SHA-256 of each bound layer's package, in binding order: unpacked in that order under
 *                 {@code /opt}, a later layer's file replacing an earlier one's
 * @param maxConcurrency requests one instance serves at once (InstanceConcurrencyConfig.MaxConcurrency of a web
 *                 function; 1 is SCF's default, 0 means not set)
 */
public record FunctionView(
        String functionId,
        String namespace,
        String name,
        String type,
        String runtime,
        String version,
        long revision,
        int memoryMb,
        int timeoutSeconds,
        int initTimeoutSeconds,
        Map<String, String> environment,
        String codeSha256,
        long codeSize,
        String urlId,
        String status,
        List<AliasRoute> aliases,
        List<String> layers,
        int maxConcurrency) {

    public static final String LATEST = "$LATEST";
    public static final String DEFAULT_ALIAS = "$DEFAULT";

    public FunctionView {
        aliases = aliases == null ? List.of() : List.copyOf(aliases);
        layers = layers == null ? List.of() : List.copyOf(layers);
    }

    /** The alias of that name; {@code $DEFAULT} is {@code $LATEST} when the view does not name it. */
    public AliasRoute alias(String name) {
        for (AliasRoute a : aliases) {
            if (a.name().equals(name)) {
                return a;
            }
        }
        return DEFAULT_ALIAS.equals(name) ? new AliasRoute(DEFAULT_ALIAS, LATEST, List.of(), List.of()) : null;
    }
}
