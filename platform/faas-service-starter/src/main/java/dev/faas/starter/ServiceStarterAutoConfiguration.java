package dev.faas.starter;

import java.util.List;

import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;

import dev.faas.starter.api3.Api3Actions;
import dev.faas.starter.api3.Api3Controller;
import tools.jackson.databind.ObjectMapper;

/** Wires the request-id filter, the SCF error mapping and the API 3.0 endpoint into every servlet service. */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
public class ServiceStarterAutoConfiguration {

    @Bean
    FilterRegistrationBean<RequestIdFilter> faasRequestIdFilter() {
        FilterRegistrationBean<RequestIdFilter> registration = new FilterRegistrationBean<>(new RequestIdFilter());
        registration.setOrder(Ordered.HIGHEST_PRECEDENCE);
        return registration;
    }

    @Bean
    ScfErrorResponses faasScfErrorResponses() {
        return new ScfErrorResponses();
    }

    @Bean
    @ConditionalOnBean(Api3Actions.class)
    Api3Controller faasApi3Controller(List<Api3Actions> features, ObjectMapper json) {
        return new Api3Controller(features, json);
    }
}
