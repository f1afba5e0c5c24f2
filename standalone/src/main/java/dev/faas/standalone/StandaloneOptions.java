package dev.faas.standalone;

import java.nio.file.Path;
import java.util.List;

/**
 * How to run the standalone platform.
 *
 * @param dataDir     everything kept between runs: Postgres data, code packages, unpacked packages
 * @param gatewayPort the only port users need; the other services take the next four (function, scheduler,
 *                    trigger, log), or free ports when {@code gatewayPort} is 0
 * @param externalDbUrl a Postgres to use instead of the embedded one (JDBC URL with user), or null
 * @param extraArgs   Spring properties for every service ({@code --key=value})
 */
public record StandaloneOptions(Path dataDir, int gatewayPort, String externalDbUrl, List<String> extraArgs) {

    public static StandaloneOptions parse(String[] args) {
        Path dataDir = Path.of(System.getProperty("user.home"), ".faas");
        int port = 8080;
        String db = null;
        List<String> extra = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--data-dir" -> dataDir = Path.of(value(args, ++i, a));
                case "--port" -> port = Integer.parseInt(value(args, ++i, a));
                case "--db-url" -> db = value(args, ++i, a);
                case "-h", "--help" -> throw new IllegalArgumentException(usage());
                default -> {
                    if (a.startsWith("--") && a.contains("=")) {
                        extra.add(a);
                    } else {
                        throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
                    }
                }
            }
        }
        if (port < 0 || port > 65531) {
            throw new IllegalArgumentException("--port must be 0 to 65531, was " + port);
        }
        return new StandaloneOptions(dataDir.toAbsolutePath(), port, db, List.copyOf(extra));
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) {
            throw new IllegalArgumentException(option + " needs a value\n" + usage());
        }
        return args[i];
    }

    static String usage() {
        return """
                usage: faas-standalone [--data-dir DIR] [--port PORT] [--db-url JDBC_URL] [--spring.key=value ...]
                  --data-dir  where Postgres data and code packages are kept between runs (default ~/.faas)
                  --port      the gateway's port (default 8080); the services use the next four
                  --db-url    use this Postgres instead of the embedded one""";
    }
}
