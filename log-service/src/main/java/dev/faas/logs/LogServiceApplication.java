package dev.faas.logs;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.faas.starter.ServiceLauncher;

/** log-service: log records and invocation reports. Configuration in {@code log-service.yml}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class LogServiceApplication {
    public static final String NAME = "log-service";

    public static void main(String[] args) {
        ServiceLauncher.builder(LogServiceApplication.class, NAME, WebApplicationType.SERVLET).run(args);
    }
}
