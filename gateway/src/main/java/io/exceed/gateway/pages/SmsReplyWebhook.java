package io.exceed.gateway.pages;

import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.util.MultiValueMap;
import org.springframework.web.reactive.function.server.RouterFunction;
import org.springframework.web.reactive.function.server.RouterFunctions;
import org.springframework.web.reactive.function.server.ServerRequest;
import org.springframework.web.reactive.function.server.ServerResponse;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.DynamicMessage;

import io.exceed.gateway.grpc.UnaryCaller;
import io.exceed.gateway.limits.RateLimits;
import io.exceed.gateway.rest.RestRoute;
import io.exceed.gateway.web.CallFacts;
import io.grpc.Status;
import reactor.core.publisher.Mono;

/**
 * The webhook a tenant's SMS provider (Twilio) posts customers' replies to, {@value #TEMPLATE}: public, with no API
 * key, since the provider's signature ({@code X-Twilio-Signature}, made with the tenant's auth token) is the
 * credential. The gateway does not hold auth tokens, so it hands the tenant, every form parameter and the signature
 * to feedback-service's public {@code RespondentService.ReceiveSmsReply}, which checks the signature over the public
 * URL it is configured with (never one taken from this request's headers) and withdraws SMS consent on a STOP.
 * Each POST takes a token from the caller's address's public bucket, as the unsubscribe link does.
 *
 * <p>Answers: 200 with an empty TwiML {@code <Response/>}, so the provider sends nothing itself beyond its own STOP
 * confirmation; 403 for a signature that does not hold, an unknown tenant or one without an SMS channel alike; 429
 * over the rate limit; 503 while the reply cannot be taken (the provider may retry).
 */
public final class SmsReplyWebhook {

    /** The route in the access log and metrics. */
    private static final String TEMPLATE = "/sms/{tenant}/replies";
    static final String SIGNATURE = "X-Twilio-Signature";
    private static final String EMPTY_TWIML = "<?xml version=\"1.0\" encoding=\"UTF-8\"?><Response/>";

    private final UnaryCaller caller;
    private final RestRoute receive;
    private final RateLimits rateLimits;

    /** @param receive the contract's binding of RespondentService.ReceiveSmsReply: its backend and its call */
    public SmsReplyWebhook(UnaryCaller caller, RestRoute receive, RateLimits rateLimits) {
        this.caller = caller;
        this.receive = receive;
        this.rateLimits = rateLimits;
    }

    public RouterFunction<ServerResponse> routes() {
        return RouterFunctions.route().POST(TEMPLATE, this::reply).build();
    }

    private Mono<ServerResponse> reply(ServerRequest request) {
        CallFacts.route(request.exchange(), TEMPLATE);
        InetSocketAddress remote = request.exchange().getRequest().getRemoteAddress();
        // Empty when allowed, or when the buckets cannot be reached: the call goes through, as on the REST routes.
        return rateLimits.tryClient(remote)
                .filter(decision -> !decision.allowed())
                .flatMap(refused -> ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                        .header(HttpHeaders.RETRY_AFTER, Long.toString(refused.retryAfterSeconds())).build())
                .switchIfEmpty(Mono.defer(() -> form(request).flatMap(form -> forward(request, form))));
    }

    private static Mono<MultiValueMap<String, String>> form(ServerRequest request) {
        MediaType type = request.headers().contentType().orElse(MediaType.APPLICATION_OCTET_STREAM);
        return MediaType.APPLICATION_FORM_URLENCODED.isCompatibleWith(type) ? request.formData()
                : Mono.just(new LinkedMultiValueMap<>());
    }

    private Mono<ServerResponse> forward(ServerRequest request, MultiValueMap<String, String> form) {
        Descriptor input = receive.method().getInputType();
        Descriptor parameter = input.findFieldByName("parameters").getMessageType();
        DynamicMessage.Builder message = DynamicMessage.newBuilder(input)
                .setField(input.findFieldByName("tenant"), request.pathVariable("tenant"))
                .setField(input.findFieldByName("signature"),
                        request.headers().firstHeader(SIGNATURE) == null ? "" : request.headers().firstHeader(SIGNATURE));
        form.forEach((name, values) -> values.forEach(value -> message.addRepeatedField(
                input.findFieldByName("parameters"), DynamicMessage.newBuilder(parameter)
                        .setField(parameter.findFieldByName("name"), name)
                        .setField(parameter.findFieldByName("value"), value == null ? "" : value).build())));
        // No tenant credential: the signature is checked by feedback-service, which holds the auth token.
        return caller.call(receive.backend(), receive.call(), message.build(), null)
                .flatMap(reply -> ServerResponse.ok()
                        .contentType(new MediaType(MediaType.TEXT_XML, StandardCharsets.UTF_8))
                        .bodyValue(EMPTY_TWIML))
                .onErrorResume(failure -> switch (Status.fromThrowable(failure).getCode()) {
                    case PERMISSION_DENIED, UNAUTHENTICATED, NOT_FOUND, INVALID_ARGUMENT ->
                            ServerResponse.status(HttpStatus.FORBIDDEN).build();
                    case RESOURCE_EXHAUSTED -> ServerResponse.status(HttpStatus.TOO_MANY_REQUESTS)
                            .header(HttpHeaders.RETRY_AFTER, "1").build();
                    default -> ServerResponse.status(HttpStatus.SERVICE_UNAVAILABLE).build();
                });
    }
}
