package dev.faas.function.code;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.faas.function.FunctionServiceProperties;

/** Wiring of the code feature. */
@Configuration(proxyBeanMethods = false)
class CodeConfiguration {

    @Bean
    CodeStore codeStore(FunctionServiceProperties properties) {
        return new CodeStore(properties.codeDir());
    }

    @Bean
    PackageInspector packageInspector(dev.faas.function.quota.Quotas quotas) {
        return new PackageInspector(() -> quotas.get(dev.faas.function.quota.Quotas.Quota.ZIP_SIZE_MB) * 1024 * 1024,
                () -> quotas.get(dev.faas.function.quota.Quotas.Quota.CODE_SIZE_MB) * 1024 * 1024);
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
