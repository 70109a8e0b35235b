package io.exceed.gateway.config;

import java.time.Clock;
import java.time.Duration;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.exceed.gateway.auth.ApiKeyAuthenticator;
import io.exceed.gateway.auth.BearerAuthenticator;
import io.exceed.gateway.auth.JwtAuthenticator;
import io.exceed.gateway.auth.JwtProperties;
import io.exceed.gateway.limits.AuthenticationFailures;
import io.exceed.gateway.limits.LocalTokenBuckets;
import io.exceed.gateway.limits.RateLimitProperties;
import io.exceed.gateway.limits.RateLimits;
import io.exceed.gateway.limits.RedisTokenBuckets;
import io.exceed.gateway.limits.TokenBuckets;
import io.exceed.gateway.routes.AdmissionFilter;
import io.exceed.gateway.routes.CallerKeyResolver;
import io.exceed.gateway.routes.ContractRoutes;
import io.exceed.gateway.web.AccessLog;
import io.exceed.gateway.web.RequestIds;

/**
 * The edge of the gateway: who may call (API keys, JWTs, public routes), how often (rate limits), and what
 * each request leaves behind (request id, trace context towards the services, access log).
 */
@Configuration(proxyBeanMethods = false)
public class EdgeConfiguration {

    @Bean
    BearerAuthenticator bearerAuthenticator(ApiKeyAuthenticator apiKeys, JwtProperties jwt) {
        return new BearerAuthenticator(apiKeys, jwt.enabled() ? JwtAuthenticator.create(jwt) : null);
    }

    @Bean
    TokenBuckets rateLimiter(RateLimitProperties properties) {
        if (properties.redisUrl() != null) {
            return new RedisTokenBuckets(properties.redisUrl());
        }
        return new LocalTokenBuckets(properties.maxBuckets(), max(max(properties.tenantPolicy().timeToFill(),
                properties.publicPolicy().timeToFill()), properties.failedAuthenticationsPolicy().timeToFill()));
    }

    @Bean
    RateLimits rateLimits(TokenBuckets limiter, RateLimitProperties properties) {
        return new RateLimits(limiter, properties.tenantPolicy(), properties.publicPolicy());
    }

    @Bean
    AuthenticationFailures authenticationFailures(BearerAuthenticator authenticator, TokenBuckets limiter,
            RateLimitProperties properties, Clock clock) {
        return new AuthenticationFailures(authenticator, limiter, properties.failedAuthenticationsPolicy(),
                properties.maxBuckets(), clock);
    }

    @Bean
    AdmissionFilter admissionFilter(ContractRoutes routes, AuthenticationFailures authentications,
            @Value("${exceed.gateway.public-services:}") Set<String> publicServices) {
        return new AdmissionFilter(routes, authentications, publicServices);
    }

    /** The default key resolver of SCG's {@code RequestRateLimiter}, whose default rate limiter is {@link RateLimits}. */
    @Bean
    CallerKeyResolver callerKeyResolver(RateLimits rateLimits) {
        return new CallerKeyResolver(rateLimits);
    }

    @Bean
    RequestIds requestIds() {
        return new RequestIds();
    }

    @Bean
    AccessLog accessLog() {
        return new AccessLog();
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }
}
