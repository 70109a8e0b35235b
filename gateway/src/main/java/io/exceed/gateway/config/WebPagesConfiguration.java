package io.exceed.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.exceed.gateway.grpc.UnaryCaller;
import io.exceed.gateway.limits.RateLimits;
import io.exceed.gateway.pages.UnsubscribePage;
import io.exceed.gateway.pages.WebPages;
import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.rest.RouteTable;

/** The respondents' survey page, the e-mails' unsubscribe link and the staff console, served by the gateway. */
@Configuration(proxyBeanMethods = false)
public class WebPagesConfiguration {

    private static final String UNSUBSCRIBE_METHOD = "exceed.feedback.v1.RespondentService.Unsubscribe";

    /** Public like the API reference: the pages hold no data; what they show comes from the API they call. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> webPages() {
        return new WebPages().routes();
    }

    /** Public like the survey routes: the link's token is the credential, and names the tenant. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> unsubscribePage(UnaryCaller caller, RouteTable routes, RateLimits rateLimits) {
        RestRoute unsubscribe = routes.routes().stream()
                .filter(route -> route.method().getFullName().equals(UNSUBSCRIBE_METHOD))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the contracts have no " + UNSUBSCRIBE_METHOD));
        return new UnsubscribePage(caller, unsubscribe, rateLimits).routes();
    }
}
