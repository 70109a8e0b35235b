package io.exceed.gateway.auth;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.security.oauth2.core.OAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtAudienceValidator;
import org.springframework.security.oauth2.jwt.JwtValidationException;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import org.springframework.web.reactive.function.client.WebClient;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.problem.ProblemException;
import io.netty.channel.ChannelOption;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;

/**
 * Checks an OAuth2 JWT bearer token: its signature against the issuer's published keys (any asymmetric JWS
 * algorithm; never a shared secret; fetched at most once per cool-down), its issuer, its time window (60 s clock
 * skew; {@code exp} is required and at most the maximum lifetime after {@code iat}), its audience when one is
 * configured, and the tenant claim. Scopes come from {@code scope} (space separated) or {@code scp} (a list
 * or a string) with the API keys' names; other scopes (openid, profile, …) grant nothing.
 */
public final class JwtAuthenticator {

    /** How long fetching the issuer's keys may take before the caller gets a 503. */
    static final Duration KEY_FETCH_TIMEOUT = Duration.ofSeconds(5);
    private static final Logger log = LoggerFactory.getLogger(JwtAuthenticator.class);

    private final ReactiveJwtDecoder decoder;
    private final String tenantClaim;

    JwtAuthenticator(ReactiveJwtDecoder decoder, String tenantClaim) {
        this.decoder = decoder;
        this.tenantClaim = tenantClaim;
    }

    /** The authenticator {@code properties} describe; they must be {@link JwtProperties#enabled() enabled}. */
    public static JwtAuthenticator create(JwtProperties properties) {
        String issuer = properties.issuerUri().toString();
        WebClient keyClient = WebClient.builder().clientConnector(new ReactorClientHttpConnector(HttpClient.create()
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) KEY_FETCH_TIMEOUT.toMillis())
                .responseTimeout(KEY_FETCH_TIMEOUT)))
                .filter(new JwkSetCooldown(properties.keyRefetchCooldown(), Clock.systemUTC()))
                .build();
        NimbusReactiveJwtDecoder decoder = NimbusReactiveJwtDecoder.withJwkSetUri(properties.jwkSetUri().toString())
                .webClient(keyClient)
                .jwsAlgorithms(algorithms -> algorithms.addAll(EnumSet.allOf(SignatureAlgorithm.class)))
                .build();
        List<OAuth2TokenValidator<Jwt>> validators = new ArrayList<>();
        validators.add(JwtValidators.createDefaultWithIssuer(issuer));
        validators.add(new TokenLifetimeValidator(properties.maxLifetime(), Clock.systemUTC()));
        if (properties.audience() != null) {
            validators.add(new JwtAudienceValidator(properties.audience()));
        }
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(validators));
        return new JwtAuthenticator(decoder, properties.tenantClaim());
    }

    /** The caller the token names, or a 401 problem (503 when the issuer's keys cannot be fetched). */
    public Mono<Caller> authenticate(String token) {
        return decoder.decode(token)
                .onErrorMap(failure -> !(failure instanceof ProblemException), JwtAuthenticator::problem)
                .map(this::caller);
    }

    private Caller caller(Jwt jwt) {
        Optional<TenantId> tenant = jwt.getClaims().get(tenantClaim) instanceof String value
                ? TenantId.parse(value)
                : Optional.empty();
        if (tenant.isEmpty()) {
            throw ProblemException.unauthorized("the token has no valid " + tenantClaim + " claim (a tenant id)",
                    "TOKEN_TENANT_MISSING", true);
        }
        return new Caller(tenant.get(), scopes(jwt), Caller.Credential.JWT);
    }

    private static Set<Scope> scopes(Jwt jwt) {
        List<String> names = new ArrayList<>();
        for (String claim : List.of("scope", "scp")) {
            switch (jwt.getClaims().get(claim)) {
                case String spaced -> names.addAll(List.of(spaced.trim().split("\\s+")));
                case Collection<?> listed -> listed.forEach(name -> names.add(String.valueOf(name)));
                case null, default -> {
                }
            }
        }
        return names.stream().flatMap(name -> Scope.parse(name).stream())
                .collect(Collectors.toCollection(() -> EnumSet.noneOf(Scope.class)));
    }

    private static ProblemException problem(Throwable failure) {
        if (failure instanceof JwtValidationException invalid) {
            String reasons = invalid.getErrors().stream().map(OAuth2Error::getDescription)
                    .collect(Collectors.joining("; "));
            return ProblemException.unauthorized("the token is not valid: " + reasons, "TOKEN_INVALID", true);
        }
        if (failure instanceof BadJwtException bad) {
            return ProblemException.unauthorized("the token is not valid: " + withoutPrefix(bad.getMessage()),
                    "TOKEN_INVALID", true);
        }
        // Not the caller's fault: the issuer's keys could not be read (the decoder says so with an
        // IllegalStateException, or a JwtException that is not a BadJwtException).
        log.warn("cannot verify a JWT: {}", failure.toString());
        return new ProblemException(HttpStatus.SERVICE_UNAVAILABLE,
                "tokens cannot be verified right now; retry later", "TOKEN_KEYS_UNAVAILABLE", List.of(),
                Map.of("Retry-After", "5"));
    }

    /** Nimbus' messages repeat that decoding failed; the problem already says so. */
    private static String withoutPrefix(String message) {
        String prefix = "An error occurred while attempting to decode the Jwt: ";
        return message != null && message.startsWith(prefix) ? message.substring(prefix.length()) : String.valueOf(message);
    }
}
