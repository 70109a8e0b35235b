package io.exceed.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2ErrorCodes;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2TokenValidatorResult;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * A token must expire, and within {@code maxLifetime} of being issued (or of now, without a past {@code iat}): a
 * token without {@code exp} would never stop working, and a long-lived one outlives a revoked user by as much. Spring's
 * own timestamp check only applies {@code exp} when a token has one.
 */
final class TokenLifetimeValidator implements OAuth2TokenValidator<Jwt> {

    private final Duration maxLifetime;
    private final Clock clock;

    TokenLifetimeValidator(Duration maxLifetime, Clock clock) {
        this.maxLifetime = maxLifetime;
        this.clock = clock;
    }

    @Override
    public OAuth2TokenValidatorResult validate(Jwt token) {
        Instant expires = token.getExpiresAt();
        if (expires == null) {
            return invalid("it has no exp (expiry) claim, which is required");
        }
        // Spring fills in a missing iat as one second before exp, so a token without one is measured from now.
        Instant now = clock.instant();
        Instant issued = token.getIssuedAt();
        Instant from = issued == null || issued.isAfter(now) ? now : issued;
        if (Duration.between(from, expires).compareTo(maxLifetime) > 0) {
            return invalid("it is valid for longer than " + maxLifetime + " after it was issued, the most accepted");
        }
        return OAuth2TokenValidatorResult.success();
    }

    private static OAuth2TokenValidatorResult invalid(String description) {
        return OAuth2TokenValidatorResult.failure(new OAuth2Error(OAuth2ErrorCodes.INVALID_TOKEN, description, null));
    }
}
