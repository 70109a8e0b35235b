package io.exceed.gateway.local;

import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import io.exceed.defaults.tenancy.TenantHeader;
import io.exceed.feedback.v1.EmailChannel;
import io.exceed.feedback.v1.GetEmailChannelRequest;
import io.exceed.feedback.v1.OutboundServiceGrpc;
import io.exceed.feedback.v1.UpdateEmailChannelRequest;
import io.grpc.Channel;
import io.grpc.Metadata;
import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.stub.MetadataUtils;

/**
 * For a local run only: points the development tenant's e-mail channel at the mail catcher {@code bin/run-local}
 * starts on this machine, so the e-mails the platform sends (invitations, recovery surveys) can be read without
 * configuring anything. A channel the developer has set is left as it is.
 */
public final class DevelopmentMailChannel {

    static final String SENDER = "Exceed (local) <surveys@exceed.localhost>";
    private static final Logger log = LoggerFactory.getLogger(DevelopmentMailChannel.class);

    private final OutboundServiceGrpc.OutboundServiceBlockingStub outbound;
    private final int smtpPort;

    /** @param feedbackService the channel to feedback-service; {@code smtpPort} the catcher's on 127.0.0.1 */
    public DevelopmentMailChannel(Channel feedbackService, int smtpPort) {
        Metadata tenant = new Metadata();
        tenant.put(TenantHeader.KEY, DevelopmentKey.TENANT.value());
        this.outbound = OutboundServiceGrpc.newBlockingStub(feedbackService)
                .withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenant));
        this.smtpPort = smtpPort;
    }

    /** The development tenant's channel: the one already set, or the mail catcher's, set now. */
    public EmailChannel ensure() {
        try {
            return outbound.withDeadlineAfter(10, TimeUnit.SECONDS).getEmailChannel(
                    GetEmailChannelRequest.getDefaultInstance());
        } catch (StatusRuntimeException e) {
            if (e.getStatus().getCode() != Status.Code.NOT_FOUND) {
                throw e;
            }
        }
        EmailChannel catcher = EmailChannel.newBuilder().setSmtpHost("127.0.0.1").setSmtpPort(smtpPort)
                .setSenderAddress(SENDER).build();
        EmailChannel set = outbound.withDeadlineAfter(10, TimeUnit.SECONDS).updateEmailChannel(
                UpdateEmailChannelRequest.newBuilder().setEmailChannel(catcher).build());
        log.info("the development tenant's e-mail goes to the local mail catcher on 127.0.0.1:{}", smtpPort);
        return set;
    }
}
