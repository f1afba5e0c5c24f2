package dev.faas.gateway;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.cloud.gateway.filter.headers.observation.DefaultGatewayObservationConvention;
import org.springframework.cloud.gateway.filter.headers.observation.GatewayObservationConvention;
import org.springframework.context.annotation.Bean;

import dev.faas.starter.ServiceLauncher;

/** gateway-service: the edge and the only data path to function instances. Configuration in {@code gateway-service.yml}. */
@SpringBootApplication
@ConfigurationPropertiesScan
public class GatewayApplication {
    public static final String NAME = "gateway-service";

    /**
     * Spring Cloud Gateway's proxied-request observations under a name of their own: by default they are
     * {@code http.client.requests}, as the gateway's own WebClient calls are, with other tag keys, and Prometheus
     * takes only one set of keys a name, so whichever registered second was dropped (spring-cloud-gateway#3153).
     */
    @Bean
    GatewayObservationConvention gatewayObservationConvention() {
        return new DefaultGatewayObservationConvention() {
            @Override
            public String getName() {
                return "spring.cloud.gateway.http.client.requests";
            }
        };
    }

    public static void main(String[] args) {
        ServiceLauncher.builder(GatewayApplication.class, NAME, WebApplicationType.REACTIVE).run(args);
    }
}
