package dev.faas.trigger;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;

import dev.faas.starter.ServiceLauncher;

/**
 * trigger-service: trigger definitions and the API 3.0 trigger actions; function URLs are triggers of type
 * {@code http}, published on a URL feed the gateway follows. The adapters (timer, Kafka, AMQP, NATS, MQTT, object
 * store) come with their issues. Configuration in {@code trigger-service.yml}.
 */
@SpringBootApplication
@EnableConfigurationProperties(TriggerProperties.class)
public class TriggerServiceApplication {
    public static final String NAME = "trigger-service";

    public static void main(String[] args) {
        ServiceLauncher.builder(TriggerServiceApplication.class, NAME, WebApplicationType.SERVLET).run(args);
    }
}
