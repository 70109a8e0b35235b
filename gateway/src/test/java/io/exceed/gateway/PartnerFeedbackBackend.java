package io.exceed.gateway;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import com.google.protobuf.Any;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;

import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.FeedbackEvent;
import io.exceed.feedback.v1.FeedbackEventServiceGrpc;
import io.exceed.feedback.v1.FeedbackEventType;
import io.exceed.feedback.v1.GetScoresRequest;
import io.exceed.feedback.v1.GetScoresResponse;
import io.exceed.feedback.v1.GetSurveyFormRequest;
import io.exceed.feedback.v1.GetSurveyRequest;
import io.exceed.feedback.v1.RespondentServiceGrpc;
import io.exceed.feedback.v1.Survey;
import io.exceed.feedback.v1.SurveyForm;
import io.exceed.feedback.v1.SurveyServiceGrpc;
import io.exceed.feedback.v1.WatchFeedbackEventsRequest;
import io.grpc.Context;
import io.grpc.Deadline;
import io.grpc.ForwardingServerCall.SimpleForwardingServerCall;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;
import io.grpc.Status;
import io.grpc.netty.NettyServerBuilder;
import io.grpc.protobuf.StatusProto;
import io.grpc.stub.ServerCallStreamObserver;
import io.grpc.stub.StreamObserver;

/**
 * A real gRPC server on a real port standing in for feedback-service behind the partners' gRPC passthrough:
 * a watch that streams (a few events, one held open until cancelled, a flood that only flow control stops,
 * one that fails mid-stream), a survey read that records the deadline it got, and the public
 * RespondentService. It records the metadata of the last call and answers with a header and a trailer of
 * its own.
 */
final class PartnerFeedbackBackend {

    /** Watch modes, chosen by the request's after_sequence. */
    static final long FEW = 0;
    static final long HELD_OPEN = 100;
    static final long FLOOD = 200;
    static final long FAILS_MIDWAY = 300;
    static final int FEW_EVENTS = 3;
    /** Flood events are this large, so a few megabytes fill every HTTP/2 window on the way. */
    static final int FLOOD_EVENT_BYTES = 16 * 1024;
    static final int FLOOD_EVENTS = 6_000;
    static final Duration SLOW = Duration.ofSeconds(3);

    static final Metadata.Key<String> BACKEND_HEADER = Metadata.Key.of("x-backend-header", Metadata.ASCII_STRING_MARSHALLER);
    static final Metadata.Key<String> BACKEND_TRAILER = Metadata.Key.of("x-backend-trailer", Metadata.ASCII_STRING_MARSHALLER);

    static final AtomicReference<Metadata> LAST_METADATA = new AtomicReference<>();
    /** The deadline the last survey read had, or null when it had none. */
    static final AtomicReference<Deadline> LAST_DEADLINE = new AtomicReference<>();
    /** Slow survey reads under way. */
    static final AtomicInteger SLOW_IN_FLIGHT = new AtomicInteger();
    /** Analytics calls under way; each takes {@link #SLOW}. */
    static final AtomicInteger ANALYTICS_IN_FLIGHT = new AtomicInteger();
    static volatile CountDownLatch watchCancelled = new CountDownLatch(1);
    static volatile CountDownLatch floodHeldBack = new CountDownLatch(1);
    static final AtomicLong floodSent = new AtomicLong();

    private static Server server;

    private PartnerFeedbackBackend() {
    }

    static synchronized String start() throws IOException {
        if (server == null) {
            ServerInterceptor recordAndDecorate = new ServerInterceptor() {
                @Override
                public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                        ServerCallHandler<Q, R> next) {
                    LAST_METADATA.set(headers);
                    return next.startCall(new SimpleForwardingServerCall<>(call) {
                        @Override
                        public void sendHeaders(Metadata responseHeaders) {
                            responseHeaders.put(BACKEND_HEADER, "from-feedback");
                            super.sendHeaders(responseHeaders);
                        }

                        @Override
                        public void close(Status status, Metadata trailers) {
                            trailers.put(BACKEND_TRAILER, "done");
                            super.close(status, trailers);
                        }
                    }, headers);
                }
            };
            server = NettyServerBuilder.forPort(0)
                    .addService(ServerInterceptors.intercept(new Events(), recordAndDecorate))
                    .addService(ServerInterceptors.intercept(new Surveys(), recordAndDecorate))
                    .addService(ServerInterceptors.intercept(new Respondents(), recordAndDecorate))
                    .addService(ServerInterceptors.intercept(new Analytics(), recordAndDecorate))
                    .build().start();
        }
        return "localhost:" + server.getPort();
    }

    static void reset() {
        LAST_METADATA.set(null);
        LAST_DEADLINE.set(null);
        watchCancelled = new CountDownLatch(1);
        floodHeldBack = new CountDownLatch(1);
        floodSent.set(0);
    }

    static FeedbackEvent event(long sequence) {
        return FeedbackEvent.newBuilder().setId("fe-" + sequence).setSequence(sequence)
                .setType(FeedbackEventType.FEEDBACK_EVENT_TYPE_RESPONSE_RECEIVED).setCustomerId("c-1").build();
    }

    static final class Events extends FeedbackEventServiceGrpc.FeedbackEventServiceImplBase {

        @Override
        public void watchFeedbackEvents(WatchFeedbackEventsRequest request, StreamObserver<FeedbackEvent> observer) {
            ServerCallStreamObserver<FeedbackEvent> stream = (ServerCallStreamObserver<FeedbackEvent>) observer;
            long after = request.getAfterSequence();
            if (after == FEW) {
                for (int i = 1; i <= FEW_EVENTS; i++) {
                    observer.onNext(event(i));
                }
                observer.onCompleted();
            } else if (after == HELD_OPEN) {
                stream.setOnCancelHandler(() -> watchCancelled.countDown());
                observer.onNext(event(after + 1));
            } else if (after == FLOOD) {
                flood(stream);
            } else if (after == FAILS_MIDWAY) {
                observer.onNext(event(after + 1));
                observer.onError(StatusProto.toStatusRuntimeException(com.google.rpc.Status.newBuilder()
                        .setCode(Code.FAILED_PRECONDITION_VALUE).setMessage("the feed was reset")
                        .addDetails(Any.pack(ErrorInfo.newBuilder().setReason("FEED_RESET").setDomain("exceed.io")
                                .build()))
                        .build()));
            } else {
                observer.onError(Status.INVALID_ARGUMENT.withDescription("unknown mode " + after).asRuntimeException());
            }
        }

        /** Sends while the transport takes more; notes when it stops taking (the partner does not read). */
        private static void flood(ServerCallStreamObserver<FeedbackEvent> stream) {
            String padding = "x".repeat(FLOOD_EVENT_BYTES);
            stream.setOnCancelHandler(() -> watchCancelled.countDown());
            stream.setOnReadyHandler(() -> {
                while (stream.isReady() && floodSent.get() < FLOOD_EVENTS && !stream.isCancelled()) {
                    long sequence = floodSent.incrementAndGet();
                    stream.onNext(event(FLOOD + sequence).toBuilder().setCategory(padding).build());
                }
                if (!stream.isReady() && floodSent.get() > 0) {
                    floodHeldBack.countDown();
                }
                if (floodSent.get() >= FLOOD_EVENTS && !stream.isCancelled()) {
                    stream.onCompleted();
                }
            });
        }
    }

    static final class Surveys extends SurveyServiceGrpc.SurveyServiceImplBase {

        @Override
        public void getSurvey(GetSurveyRequest request, StreamObserver<Survey> observer) {
            LAST_DEADLINE.set(Context.current().getDeadline());
            if (request.getSurveyId().equals("slow")) {
                SLOW_IN_FLIGHT.incrementAndGet();
                try {
                    Thread.sleep(SLOW.toMillis());
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                } finally {
                    SLOW_IN_FLIGHT.decrementAndGet();
                }
            }
            observer.onNext(Survey.newBuilder().setId(request.getSurveyId()).setTitle("Onboarding").build());
            observer.onCompleted();
        }
    }

    /** Scores take {@link #SLOW}, as analytics over many responses would. */
    static final class Analytics extends FeedbackAnalyticsServiceGrpc.FeedbackAnalyticsServiceImplBase {

        @Override
        public void getScores(GetScoresRequest request, StreamObserver<GetScoresResponse> observer) {
            ANALYTICS_IN_FLIGHT.incrementAndGet();
            try {
                Thread.sleep(SLOW.toMillis());
            } catch (InterruptedException interrupted) {
                Thread.currentThread().interrupt();
            } finally {
                ANALYTICS_IN_FLIGHT.decrementAndGet();
            }
            observer.onNext(GetScoresResponse.getDefaultInstance());
            observer.onCompleted();
        }
    }

    static final class Respondents extends RespondentServiceGrpc.RespondentServiceImplBase {

        @Override
        public void getSurveyForm(GetSurveyFormRequest request, StreamObserver<SurveyForm> observer) {
            observer.onNext(SurveyForm.newBuilder().setLanguage(request.getLanguage().isEmpty() ? "en"
                    : request.getLanguage()).build());
            observer.onCompleted();
        }
    }

    static boolean await(CountDownLatch latch) throws InterruptedException {
        return latch.await(10, TimeUnit.SECONDS);
    }
}
