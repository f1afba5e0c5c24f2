package dev.faas.starter;

import org.springframework.boot.WebApplicationType;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * Builds a service's application so that it reads {@code <service-name>.yml} instead of {@code application.yml}:
 * the standalone platform runs all five services in one JVM, where a shared file name would let one service's
 * configuration shadow the others'.
 */
public final class ServiceLauncher {
    private ServiceLauncher() {
    }

    public static SpringApplicationBuilder builder(Class<?> application, String serviceName, WebApplicationType type) {
        return new SpringApplicationBuilder(application)
                .web(type)
                .properties("spring.config.name=" + serviceName, "spring.application.name=" + serviceName);
    }
}
