package dev.faas.function.namespace;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Namespace {@code default} always exists (spec part 1 §1). Created at start-up rather than in a migration
 * (no seed data in versioned migrations); idempotent, so every replica may run it.
 */
@Component
class DefaultNamespace implements ApplicationRunner {
    static final String DEFAULT = "default";
    private final JdbcClient jdbc;

    DefaultNamespace(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    @Override
    public void run(ApplicationArguments args) {
        jdbc.sql("INSERT INTO namespace (name, description) VALUES (:name, 'The default namespace') ON CONFLICT DO NOTHING")
                .param("name", DEFAULT).update();
    }
}
