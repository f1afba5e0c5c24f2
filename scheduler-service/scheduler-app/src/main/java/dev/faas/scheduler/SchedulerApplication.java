package dev.faas.scheduler;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;
import org.springframework.scheduling.annotation.EnableScheduling;

import dev.faas.starter.ServiceLauncher;

/** scheduler-service: leases, instance pools, instance providers. Configuration in {@code scheduler-service.yml}. */
@SpringBootApplication
@ConfigurationPropertiesScan
@EnableScheduling
public class SchedulerApplication {
    public static final String NAME = "scheduler-service";

    public static void main(String[] args) {
        ServiceLauncher.builder(SchedulerApplication.class, NAME, WebApplicationType.SERVLET).run(args);
    }
}
