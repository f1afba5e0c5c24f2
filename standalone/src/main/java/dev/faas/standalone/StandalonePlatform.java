package dev.faas.standalone;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.boot.WebApplicationType;
import org.springframework.context.ConfigurableApplicationContext;

import dev.faas.function.FunctionServiceApplication;
import dev.faas.gateway.GatewayApplication;
import dev.faas.gateway.keys.AccessKeys;
import dev.faas.gateway.keys.AdminKeyBootstrap;
import dev.faas.logs.LogServiceApplication;
import dev.faas.scheduler.SchedulerApplication;
import dev.faas.starter.ServiceLauncher;
import dev.faas.trigger.TriggerServiceApplication;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * The whole platform in one JVM (DESIGN.md §5): embedded Postgres (real binaries, data kept in the data directory),
 * then function-service, log-service, trigger-service, scheduler-service with the local instance provider, and the
 * gateway last, each its own Spring application on its own port and schema. {@link #close()} stops them in reverse
 * order; the scheduler stops every instance as it goes, and anything still running below this JVM is killed last.
 */
public final class StandalonePlatform implements AutoCloseable {
    private static final String DATABASE = "faas";
    private final EmbeddedPostgres postgres;
    private final List<ConfigurableApplicationContext> services = new ArrayList<>();
    private final Ports ports;
    private final DataDirLock lock;
    private volatile boolean closed;

    /** The ports of the five services. */
    public record Ports(int gateway, int function, int scheduler, int trigger, int log) {
        static Ports from(int gateway) throws IOException {
            int base = gateway == 0 ? freeBlock(5) : gateway;
            return new Ports(base, base + 1, base + 2, base + 3, base + 4);
        }

        /**
         * The first of {@code count} consecutive free ports, chosen below the kernel's ephemeral range: a port taken
         * from that range (bind to 0) can be handed to an outgoing connection before the service that was to listen
         * on it has started, which happened here in CI.
         */
        public static int freeBlock(int count) throws IOException {
            int ephemeralLow = ephemeralLow();
            int low = Math.max(10_000, ephemeralLow - 12_000);
            java.util.random.RandomGenerator random = java.util.concurrent.ThreadLocalRandom.current();
            for (int attempt = 0; attempt < 200; attempt++) {
                int base = low + random.nextInt(Math.max(1, ephemeralLow - low - count));
                boolean free = true;
                for (int p = base; p < base + count && free; p++) {
                    free = isFree(p);
                }
                if (free) {
                    return base;
                }
            }
            throw new IOException("no " + count + " consecutive free ports below " + ephemeralLow);
        }

        private static boolean isFree(int port) {
            try (ServerSocket s = new ServerSocket()) {
                s.bind(new InetSocketAddress("127.0.0.1", port));
                return true;
            } catch (IOException e) {
                return false;
            }
        }

        private static int ephemeralLow() {
            try {
                // readAllLines, not readString: /proc files report size 0 and readString returned one byte here
                String range = java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/sys/net/ipv4/ip_local_port_range")).get(0).trim();
                return Integer.parseInt(range.split("\\s+")[0]);
            } catch (IOException | RuntimeException e) {
                return 32_768;
            }
        }
    }

    private StandalonePlatform(EmbeddedPostgres postgres, Ports ports, DataDirLock lock) {
        this.postgres = postgres;
        this.ports = ports;
        this.lock = lock;
    }

    public static StandalonePlatform start(StandaloneOptions options) throws IOException {
        Files.createDirectories(options.dataDir());
        DataDirLock lock = DataDirLock.acquire(options.dataDir());
        try {
            return start(options, lock);
        } catch (IOException | RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    private static StandalonePlatform start(StandaloneOptions options, DataDirLock lock) throws IOException {
        Ports ports = Ports.from(options.gatewayPort());
        EmbeddedPostgres postgres = null;
        String dbUrl = options.externalDbUrl();
        if (dbUrl == null) {
            postgres = EmbeddedPostgres.builder()
                    .setDataDirectory(options.dataDir().resolve("pg"))
                    .setCleanDataDirectory(false)
                    // closed by close(), after the services: a hook of its own would race them
                    .setRegisterShutdownHook(false)
                    .start();
            dbUrl = postgres.getJdbcUrl("postgres", "postgres");
        }
        StandalonePlatform platform = new StandalonePlatform(postgres, ports, lock);
        try {
            String url = ensureDatabase(dbUrl);
            String function = "http://127.0.0.1:" + ports.function();
            String scheduler = "http://127.0.0.1:" + ports.scheduler();
            String trigger = "http://127.0.0.1:" + ports.trigger();
            String log = "http://127.0.0.1:" + ports.log();
            String gateway = "http://127.0.0.1:" + ports.gateway();
            String data = options.dataDir().toString();
            platform.run(FunctionServiceApplication.class, FunctionServiceApplication.NAME, WebApplicationType.SERVLET, url, options,
                    ports.function(), "--faas.function.code-dir=" + data + "/code", "--faas.function.urls.gateway-url=" + gateway,
                    "--faas.function.scheduler-url=" + scheduler);
            platform.run(LogServiceApplication.class, LogServiceApplication.NAME, WebApplicationType.SERVLET, url, options, ports.log());
            platform.run(TriggerServiceApplication.class, TriggerServiceApplication.NAME, WebApplicationType.SERVLET, url, options, ports.trigger(),
                    "--faas.trigger.function-service-url=" + function, "--faas.trigger.gateway-url=" + gateway);
            platform.run(SchedulerApplication.class, SchedulerApplication.NAME, WebApplicationType.SERVLET, url, options, ports.scheduler(),
                    "--faas.scheduler.function-service-url=" + function, "--faas.scheduler.log-service-url=" + log,
                    "--faas.scheduler.local.work-dir=" + data + "/instances");
            platform.run(GatewayApplication.class, GatewayApplication.NAME, WebApplicationType.REACTIVE, url, options, ports.gateway(),
                    "--faas.gateway.function-service-url=" + function, "--faas.gateway.scheduler-url=" + scheduler,
                    "--faas.gateway.trigger-service-url=" + trigger, "--faas.gateway.log-service-url=" + log,
                    "--faas.gateway.keys.master-key=" + MasterKeyFile.read(options.dataDir()),
                    "--faas.gateway.keys.create-admin-key=true");
            return platform;
        } catch (RuntimeException e) {
            platform.close();
            throw e;
        }
    }

    private void run(Class<?> application, String name, WebApplicationType type, String dbUrl, StandaloneOptions options, int port,
                     String... serviceArgs) {
        List<String> args = new ArrayList<>(List.of(
                "--server.port=" + port,
                "--server.address=127.0.0.1",
                "--spring.datasource.url=" + dbUrl,
                "--spring.main.banner-mode=off",
                // one logging system serves all five: the last service started would name every line
                "--logging.include-application-name=false",
                "--logging.level.root=WARN",
                "--logging.level.dev.faas=INFO"));
        if (type != WebApplicationType.REACTIVE) {
            args.add("--spring.cloud.gateway.server.webflux.enabled=false");
        }
        args.addAll(List.of(serviceArgs));
        args.addAll(options.extraArgs());
        services.add(ServiceLauncher.builder(application, name, type)
                // close() stops the services in order; Spring's own hooks would stop them all at once
                .registerShutdownHook(false)
                .run(args.toArray(String[]::new)));
    }

    /**
     * Stops the web server of the service whose application class is {@code application}, leaving its context (and
     * the event loops it may share with the others) up: to the other services it is away, its connections refused.
     * For tests of how the platform degrades.
     */
    void stopWebServer(Class<?> application) {
        for (ConfigurableApplicationContext service : services) {
            if (service.getBeanNamesForType(application).length > 0
                    && service instanceof org.springframework.boot.web.server.context.WebServerApplicationContext web) {
                web.getWebServer().stop();
                return;
            }
        }
        throw new IllegalArgumentException("no service " + application.getName());
    }

    /** The admin key this start created (only the very first start on a data directory creates one). */
    public Optional<AccessKeys.NewKey> createdAdminKey() {
        return services.isEmpty() ? Optional.empty() : services.getLast().getBean(AdminKeyBootstrap.class).created();
    }

    public String gatewayUrl() {
        return "http://127.0.0.1:" + ports.gateway();
    }

    public Ports ports() {
        return ports;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        for (int i = services.size() - 1; i >= 0; i--) {
            try {
                services.get(i).close();
            } catch (RuntimeException e) {
                System.err.println("faas: error while stopping a service: " + e);
            }
        }
        services.clear();
        if (postgres != null) {
            try {
                postgres.close();
            } catch (IOException e) {
                System.err.println("faas: error while stopping Postgres: " + e);
            }
        }
        // nothing started by the platform may outlive it
        ProcessHandle.current().descendants().forEach(ProcessHandle::destroyForcibly);
        lock.close();
    }

    /** Creates the platform's database on the server if it is not there yet; returns its JDBC URL. */
    private static String ensureDatabase(String serverUrl) {
        try (Connection c = DriverManager.getConnection(serverUrl)) {
            boolean exists;
            try (var s = c.prepareStatement("SELECT 1 FROM pg_database WHERE datname = ?")) {
                s.setString(1, DATABASE);
                exists = s.executeQuery().next();
            }
            if (!exists) {
                try (var s = c.createStatement()) {
                    s.execute("CREATE DATABASE " + DATABASE);
                }
            }
        } catch (SQLException e) {
            throw new IllegalStateException("cannot prepare database " + DATABASE + ": " + e.getMessage(), e);
        }
        return withDatabase(serverUrl, DATABASE);
    }

    static String withDatabase(String url, String database) {
        int schemeEnd = url.indexOf("//");
        int pathStart = url.indexOf('/', schemeEnd + 2);
        int query = url.indexOf('?');
        String base = pathStart < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, pathStart);
        return base + "/" + database + (query < 0 ? "" : url.substring(query));
    }
}
