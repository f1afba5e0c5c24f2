package dev.faas.trigger;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;

import dev.faas.starter.ServiceLauncher;

/**
 * trigger-service: trigger definitions. The adapters (timer, Kafka, AMQP, NATS, MQTT, object store) and the API 3.0
 * trigger actions come with their issues. Configuration in {@code trigger-service.yml}.
 */
@SpringBootApplication
public class TriggerServiceApplication {
    public static final String NAME = "trigger-service";

    public static void main(String[] args) {
        ServiceLauncher.builder(TriggerServiceApplication.class, NAME, WebApplicationType.SERVLET).run(args);
    }
}
