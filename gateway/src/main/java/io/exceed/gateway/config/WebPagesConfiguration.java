package io.exceed.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.exceed.gateway.pages.WebPages;

/** The respondents' survey page and the staff console, served from the gateway's class path. */
@Configuration(proxyBeanMethods = false)
public class WebPagesConfiguration {

    /** Public like the API reference: the pages hold no data; what they show comes from the API they call. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> webPages() {
        return new WebPages().routes();
    }
}
