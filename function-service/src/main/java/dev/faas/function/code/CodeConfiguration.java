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
    PackageInspector packageInspector(FunctionServiceProperties properties) {
        return new PackageInspector(properties.maxZipSize().toBytes(), properties.maxUnpackedSize().toBytes());
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
