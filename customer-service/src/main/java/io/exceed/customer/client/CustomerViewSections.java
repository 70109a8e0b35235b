package io.exceed.customer.client;

import java.util.List;
import java.util.concurrent.CompletableFuture;

import com.google.common.util.concurrent.FutureCallback;
import com.google.common.util.concurrent.Futures;
import com.google.common.util.concurrent.ListenableFuture;
import com.google.common.util.concurrent.MoreExecutors;

import io.exceed.defaults.client.ServiceClients;
import io.exceed.defaults.client.TenantCalls;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.feedback.v1.CustomerFeedbackSummary;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc;
import io.exceed.feedback.v1.FeedbackAnalyticsServiceGrpc.FeedbackAnalyticsServiceFutureStub;
import io.exceed.feedback.v1.GetCustomerFeedbackSummaryRequest;
import io.exceed.followup.v1.FollowUp;
import io.exceed.followup.v1.FollowUpServiceGrpc;
import io.exceed.followup.v1.FollowUpServiceGrpc.FollowUpServiceFutureStub;
import io.exceed.followup.v1.FollowUpStatus;
import io.exceed.followup.v1.ListFollowUpsRequest;
import io.exceed.followup.v1.ListFollowUpsResponse;

/**
 * The 360 view's sections that other services own: the feedback summary (feedback-service) and the open
 * follow-ups (followup-service), asked for at once, each within its target's deadline. Fallback: a call that fails,
 * times out or is refused by an open breaker yields an unavailable section with the reason, never an error.
 */
public class CustomerViewSections {

    public static final String FEEDBACK = "feedback-service";
    public static final String FOLLOW_UPS = "followup-service";
    /** Open follow-ups of one customer are few; one page of the most the contract allows covers them. */
    private static final int FOLLOW_UP_PAGE = 500;
    private static final List<FollowUpStatus> OPEN = List.of(FollowUpStatus.FOLLOW_UP_STATUS_SCHEDULED,
            FollowUpStatus.FOLLOW_UP_STATUS_DUE, FollowUpStatus.FOLLOW_UP_STATUS_IN_PROGRESS,
            FollowUpStatus.FOLLOW_UP_STATUS_ESCALATED);

    private final FeedbackAnalyticsServiceFutureStub feedback;
    private final FollowUpServiceFutureStub followUps;

    public CustomerViewSections(ServiceClients clients) {
        this.feedback = FeedbackAnalyticsServiceGrpc.newFutureStub(
                clients.channel(FEEDBACK, FeedbackAnalyticsServiceGrpc.getServiceDescriptor()));
        this.followUps = FollowUpServiceGrpc.newFutureStub(
                clients.channel(FOLLOW_UPS, FollowUpServiceGrpc.getServiceDescriptor()));
    }

    public CompletableFuture<ViewSection<CustomerFeedbackSummary>> feedbackSummary(TenantId tenant,
            String customerId) {
        return section(FEEDBACK, TenantCalls.as(tenant, feedback).getCustomerFeedbackSummary(
                GetCustomerFeedbackSummaryRequest.newBuilder().setCustomerId(customerId).build()));
    }

    public CompletableFuture<ViewSection<List<FollowUp>>> openFollowUps(TenantId tenant, String customerId) {
        return section(FOLLOW_UPS, TenantCalls.as(tenant, followUps).listFollowUps(ListFollowUpsRequest.newBuilder()
                .setCustomerId(customerId).setPageSize(FOLLOW_UP_PAGE).build()))
                .thenApply(page -> page.isAvailable() ? ViewSection.available(open(page.value()))
                        : ViewSection.unavailable(page.unavailableReason()));
    }

    private static List<FollowUp> open(ListFollowUpsResponse page) {
        return page.getFollowUpsList().stream().filter(followUp -> OPEN.contains(followUp.getStatus())).toList();
    }

    private static <T> CompletableFuture<ViewSection<T>> section(String target, ListenableFuture<T> call) {
        CompletableFuture<ViewSection<T>> section = new CompletableFuture<>();
        Futures.addCallback(call, new FutureCallback<>() {
            @Override
            public void onSuccess(T value) {
                section.complete(ViewSection.available(value));
            }

            @Override
            public void onFailure(Throwable failure) {
                section.complete(ViewSection.unavailable(RemoteFailures.describe(target, failure)));
            }
        }, MoreExecutors.directExecutor());
        return section;
    }
}
