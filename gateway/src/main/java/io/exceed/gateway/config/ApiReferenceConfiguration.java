package io.exceed.gateway.config;

import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.exceed.gateway.openapi.ApiReference;
import io.exceed.gateway.openapi.ContractComments;
import io.exceed.gateway.openapi.OpenApiDocument;
import io.exceed.gateway.rest.Contracts;

/** The OpenAPI document and the reference page, generated once at start-up from the contracts. */
@Configuration(proxyBeanMethods = false)
public class ApiReferenceConfiguration {

    @Bean
    ApiReference apiReference(@Value("${exceed.gateway.public-services:}") Set<String> tenantless) {
        return new ApiReference(OpenApiDocument.generate(Contracts.SERVICE_FILES, Contracts.BACKEND_BY_PACKAGE,
                tenantless, ContractComments.load()));
    }

    /** Ahead of the REST API's {@code /v1/**}, which would ask for a credential. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> apiReferenceRoutes(ApiReference reference) {
        return reference.routes();
    }
}
