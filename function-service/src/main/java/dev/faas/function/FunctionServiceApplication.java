package dev.faas.function;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.faas.starter.ServiceLauncher;

/** function-service: functions, their code packages and the change feed. Configuration in {@code function-service.yml}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class FunctionServiceApplication {
    public static final String NAME = "function-service";

    public static void main(String[] args) {
        ServiceLauncher.builder(FunctionServiceApplication.class, NAME, WebApplicationType.SERVLET).run(args);
    }
}
