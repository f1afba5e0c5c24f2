package dev.faas.bench.plain;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;

/**
 * A plain Spring Cloud Gateway with one route, {@code /** → bench.target}, configured in {@code application.yml}:
 * what issue #4's load benchmark compares the platform's gateway with (same gateway and metrics, no accounting, no
 * URL resolution, no leases). Run by {@code bench/run.sh} with {@code --bench.target=http://127.0.0.1:<port>}.
 */
@SpringBootApplication
public class PlainGatewayApplication {
    public static void main(String[] args) {
        SpringApplication.run(PlainGatewayApplication.class, args);
    }
}
