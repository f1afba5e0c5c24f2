package dev.faas.testsupport.spring;

import java.util.List;
import java.util.Map;

import org.springframework.context.ApplicationListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.event.ContextClosedEvent;
import org.springframework.core.annotation.AnnotatedElementUtils;
import org.springframework.core.env.MapPropertySource;
import org.springframework.test.context.ContextConfigurationAttributes;
import org.springframework.test.context.ContextCustomizer;
import org.springframework.test.context.ContextCustomizerFactory;
import org.springframework.test.context.MergedContextConfiguration;

import dev.faas.testsupport.TestPostgres;

/** Gives every context of a {@link WithTestDatabase} test class its own database (registered in spring.factories). */
public final class TestDatabaseCustomizerFactory implements ContextCustomizerFactory {

    @Override
    public ContextCustomizer createContextCustomizer(Class<?> testClass, List<ContextConfigurationAttributes> configAttributes) {
        return AnnotatedElementUtils.hasAnnotation(testClass, WithTestDatabase.class) ? new Customizer(testClass) : null;
    }

    /** One per test class: contexts are cached per configuration, and each class gets its own database. */
    private record Customizer(Class<?> testClass) implements ContextCustomizer {
        @Override
        public void customizeContext(ConfigurableApplicationContext context, MergedContextConfiguration config) {
            TestPostgres.TestDatabase db = TestPostgres.newDatabase();
            context.getEnvironment().getPropertySources().addFirst(
                    new MapPropertySource("faas-test-database", Map.of("spring.datasource.url", db.jdbcUrl())));
            context.addApplicationListener((ApplicationListener<ContextClosedEvent>) event -> db.close());
        }
    }
}
