package dev.faas.gateway.keys;

import java.time.Clock;

import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import dev.faas.gateway.GatewayProperties;

/** Wiring of access keys. */
@Configuration(proxyBeanMethods = false)
class KeysConfiguration {

    @Bean
    SecretCipher secretCipher(GatewayProperties properties) {
        return new SecretCipher(properties.keys().masterKey());
    }

    @Bean
    @ConditionalOnMissingBean
    Clock clock() {
        return Clock.systemUTC();
    }
}
