package dev.faas.gateway;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

import dev.faas.starter.ServiceLauncher;

/** gateway-service: the edge and the only data path to function instances. Configuration in {@code gateway-service.yml}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {
    public static final String NAME = "gateway-service";

    public static void main(String[] args) {
        ServiceLauncher.builder(GatewayApplication.class, NAME, WebApplicationType.REACTIVE).run(args);
    }
}
