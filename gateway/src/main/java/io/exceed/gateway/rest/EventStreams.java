package io.exceed.gateway.rest;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.codec.ServerSentEvent;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.util.JsonFormat;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.gateway.grpc.StreamingCaller;
import io.exceed.gateway.problem.FieldError;
import io.exceed.gateway.problem.ProblemException;
import io.exceed.gateway.problem.ProblemResponses;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Serves a server-streaming method as Server-Sent Events: one event per message, its data the message in the
 * proto3 JSON mapping on one line, its {@code id} the message's top-level int64 {@code sequence} field when it
 * has one. A client that reconnects with {@code Last-Event-ID} resumes after it: the id sets the request's
 * {@code after_<field>} field. A failure before anything was sent is an ordinary problem+json response; after
 * that the stream ends with an {@code event: error} whose data is the problem document. While no event comes, a
 * comment line is sent now and then: it opens the stream for the client (the headers go out with it) and keeps
 * proxies from closing an idle connection. When the client goes away the backend call is cancelled.
 */
public final class EventStreams {

    static final String LAST_EVENT_ID = "Last-Event-ID";
    private static final String SEQUENCE = "sequence";
    private static final Duration FIRST_HEARTBEAT = Duration.ofSeconds(1);
    private static final JsonFormat.Printer PRINTER = JsonFormat.printer().alwaysPrintFieldsWithNoPresence()
            .omittingInsignificantWhitespace();
    private static final ServerSentEvent<String> HEARTBEAT = ServerSentEvent.<String>builder().comment("keep-alive").build();
    /** Marks the end of the backend's stream inside the merged flux; never sent. */
    private static final ServerSentEvent<String> END = ServerSentEvent.<String>builder().comment("end").build();

    private final StreamingCaller caller;
    private final Duration heartbeat;

    public EventStreams(StreamingCaller caller, Duration heartbeat) {
        this.caller = caller;
        this.heartbeat = heartbeat;
    }

    /** The request with {@code Last-Event-ID} applied; a malformed id is a 400 naming the header. */
    public static DynamicMessage resume(HttpHeaders headers, RestRoute route, DynamicMessage request) {
        String lastEventId = headers.getFirst(LAST_EVENT_ID);
        Optional<FieldDescriptor> resumeField = resumeField(route);
        if (lastEventId == null || resumeField.isEmpty()) {
            return request;
        }
        long sequence;
        try {
            sequence = Long.parseLong(lastEventId.strip());
        } catch (NumberFormatException notANumber) {
            sequence = -1;
        }
        if (sequence < 0) {
            throw ProblemException.badRequest("Last-Event-ID must be the id of an event of this stream",
                    List.of(new FieldError(LAST_EVENT_ID, "not a sequence number")));
        }
        return request.toBuilder().setField(resumeField.get(), sequence).build();
    }

    /** The events of the backend's stream, with heartbeats; a failure after the first event ends it with an error event. */
    public Flux<ServerSentEvent<String>> events(RestRoute route, DynamicMessage request, TenantId tenant,
            String instance) {
        Optional<FieldDescriptor> idField = sequenceField(route.method().getOutputType());
        Flux<ServerSentEvent<String>> events = caller.call(route.backend(), route.call(), request, tenant)
                .map(message -> event(message, idField));
        Duration firstHeartbeat = heartbeat.compareTo(FIRST_HEARTBEAT) < 0 ? heartbeat : FIRST_HEARTBEAT;
        Flux<ServerSentEvent<String>> heartbeats = Flux.interval(firstHeartbeat, heartbeat)
                .onBackpressureDrop()
                .map(tick -> HEARTBEAT);
        AtomicBoolean started = new AtomicBoolean();
        return Flux.merge(events.concatWith(Mono.just(END)), heartbeats)
                .takeWhile(event -> event != END)
                .doOnNext(event -> started.set(true))
                .onErrorResume(failure -> started.get() ? Mono.just(errorEvent(failure, instance)) : Mono.error(failure));
    }

    /** The headers of an event stream's response. */
    public static void applyHeaders(HttpHeaders headers) {
        headers.setContentType(MediaType.TEXT_EVENT_STREAM);
        headers.setCacheControl("no-cache");
        // Tells nginx-style proxies not to buffer the stream.
        headers.set("X-Accel-Buffering", "no");
    }

    private static Optional<FieldDescriptor> sequenceField(Descriptor message) {
        FieldDescriptor field = message.findFieldByName(SEQUENCE);
        return field != null && !field.isRepeated() && field.getType() == FieldDescriptor.Type.INT64
                ? Optional.of(field)
                : Optional.empty();
    }

    /** The request field a stream resumes from: {@code after_sequence} when the messages have a sequence. */
    private static Optional<FieldDescriptor> resumeField(RestRoute route) {
        return sequenceField(route.method().getOutputType())
                .map(field -> route.method().getInputType().findFieldByName("after_" + field.getName()))
                .filter(field -> !field.isRepeated() && field.getType() == FieldDescriptor.Type.INT64);
    }

    private static ServerSentEvent<String> event(DynamicMessage message, Optional<FieldDescriptor> idField) {
        ServerSentEvent.Builder<String> event = ServerSentEvent.builder(print(message));
        idField.ifPresent(field -> event.id(message.getField(field).toString()));
        return event.build();
    }

    private static ServerSentEvent<String> errorEvent(Throwable failure, String instance) {
        return ServerSentEvent.builder(ProblemResponses.render(ProblemResponses.toProblem(failure), instance))
                .event("error")
                .build();
    }

    private static String print(DynamicMessage message) {
        try {
            return PRINTER.print(message);
        } catch (InvalidProtocolBufferException unprintable) {
            // Only an Any of an unknown type cannot be printed; the contracts have none.
            throw new IllegalStateException("cannot print " + message.getDescriptorForType().getFullName(), unprintable);
        }
    }
}
