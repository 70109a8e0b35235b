package io.exceed.gateway.config;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.ServerResponse;

import io.exceed.gateway.grpc.UnaryCaller;
import io.exceed.gateway.limits.RateLimits;
import io.exceed.gateway.pages.SmsReplyWebhook;
import io.exceed.gateway.pages.UnsubscribePage;
import io.exceed.gateway.pages.WebPages;
import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.rest.RouteTable;

/**
 * The respondents' survey page, the e-mails' unsubscribe link, the SMS provider's reply webhook and the staff
 * console, served by the gateway.
 */
@Configuration(proxyBeanMethods = false)
public class WebPagesConfiguration {

    private static final String UNSUBSCRIBE_METHOD = "exceed.feedback.v1.RespondentService.Unsubscribe";
    private static final String SMS_REPLY_METHOD = "exceed.feedback.v1.RespondentService.ReceiveSmsReply";

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
        return new UnsubscribePage(caller, route(routes, UNSUBSCRIBE_METHOD), rateLimits).routes();
    }

    /** Public like the unsubscribe link: the SMS provider's signature is the credential, checked by the backend. */
    @Bean
    @Order(Ordered.HIGHEST_PRECEDENCE)
    RouterFunction<ServerResponse> smsReplyWebhook(UnaryCaller caller, RouteTable routes, RateLimits rateLimits) {
        return new SmsReplyWebhook(caller, route(routes, SMS_REPLY_METHOD), rateLimits).routes();
    }

    private static RestRoute route(RouteTable routes, String method) {
        return routes.routes().stream()
                .filter(route -> route.method().getFullName().equals(method))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the contracts have no " + method));
    }
}
