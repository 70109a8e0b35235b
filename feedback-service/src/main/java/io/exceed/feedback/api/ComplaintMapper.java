package io.exceed.feedback.api;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.feedback.domain.complaint.Acknowledgement;
import io.exceed.feedback.domain.complaint.Complaint;
import io.exceed.feedback.domain.complaint.ComplaintChannel;
import io.exceed.feedback.domain.complaint.ComplaintState;
import io.exceed.feedback.domain.complaint.RemedyKind;
import io.exceed.feedback.domain.complaint.Resolution;
import io.exceed.feedback.domain.complaint.Severity;

/** Complaint messages to the domain and back. Unset enums map to null, which the domain reports. */
final class ComplaintMapper {

    static final ProtoEnums<io.exceed.feedback.v1.ComplaintChannel, ComplaintChannel> CHANNELS = new ProtoEnums<>(
            ComplaintChannel.class, "COMPLAINT_CHANNEL_", io.exceed.feedback.v1.ComplaintChannel.getDescriptor(),
            io.exceed.feedback.v1.ComplaintChannel::valueOf);
    static final ProtoEnums<io.exceed.feedback.v1.Severity, Severity> SEVERITIES = new ProtoEnums<>(
            Severity.class, "SEVERITY_", io.exceed.feedback.v1.Severity.getDescriptor(),
            io.exceed.feedback.v1.Severity::valueOf);
    static final ProtoEnums<io.exceed.feedback.v1.ComplaintState, ComplaintState> STATES = new ProtoEnums<>(
            ComplaintState.class, "COMPLAINT_STATE_", io.exceed.feedback.v1.ComplaintState.getDescriptor(),
            io.exceed.feedback.v1.ComplaintState::valueOf);
    static final ProtoEnums<io.exceed.feedback.v1.RemedyKind, RemedyKind> REMEDIES = new ProtoEnums<>(
            RemedyKind.class, "REMEDY_KIND_", io.exceed.feedback.v1.RemedyKind.getDescriptor(),
            io.exceed.feedback.v1.RemedyKind::valueOf);

    private ComplaintMapper() {
    }

    /** The intake fields of a CreateComplaint request; output-only fields are ignored. */
    static Complaint intake(io.exceed.feedback.v1.Complaint proto) {
        return Complaint.builder().customerId(proto.getCustomerId()).channel(CHANNELS.toDomain(proto.getChannel()))
                .category(proto.getCategory()).severity(SEVERITIES.toDomain(proto.getSeverity())).text(proto.getText())
                .language(proto.getLanguage()).orderReference(proto.getOrderReference()).build();
    }

    /** A requested resolution; a oneof branch not chosen maps to null, so "neither" can be told apart. */
    static Resolution resolution(io.exceed.feedback.v1.Resolution proto) {
        io.exceed.feedback.v1.Remedy remedy = proto.getRemedy();
        boolean rootCause = proto.getCauseCase() == io.exceed.feedback.v1.Resolution.CauseCase.ROOT_CAUSE;
        boolean noCause = proto.getCauseCase() == io.exceed.feedback.v1.Resolution.CauseCase.NO_SYSTEMIC_CAUSE_REASON;
        return new Resolution(REMEDIES.toDomain(remedy.getKind()), remedy.getDescription(),
                rootCause ? proto.getRootCause().getDescription() : null,
                rootCause ? proto.getRootCause().getPreventionAction() : null,
                noCause ? proto.getNoSystemicCauseReason() : null,
                proto.getResolvedBy(), null);
    }

    static io.exceed.feedback.v1.Complaint toProto(Complaint complaint) {
        io.exceed.feedback.v1.Complaint.Builder proto = io.exceed.feedback.v1.Complaint.newBuilder()
                .setId(complaint.id())
                .setCustomerId(complaint.customerId())
                .setChannel(CHANNELS.toProto(complaint.channel()))
                .setCategory(complaint.category())
                .setSeverity(SEVERITIES.toProto(complaint.severity()))
                .setText(complaint.text())
                .setLanguage(complaint.language())
                .setOrderReference(complaint.orderReference())
                .setState(STATES.toProto(complaint.state()))
                .setReopenCount(complaint.reopenCount())
                .setRevision(complaint.revision())
                .setCreateTime(ProtoTimes.timestamp(complaint.createTime()))
                .setUpdateTime(ProtoTimes.timestamp(complaint.updateTime()));
        if (complaint.closeTime() != null) {
            proto.setCloseTime(ProtoTimes.timestamp(complaint.closeTime()));
        }
        Acknowledgement ack = complaint.acknowledgement();
        if (ack != null) {
            proto.setAcknowledgement(io.exceed.feedback.v1.Acknowledgement.newBuilder()
                    .setMessage(ack.message())
                    .setLanguage(ack.language())
                    .setAcknowledgeTime(ProtoTimes.timestamp(ack.time())));
        }
        Resolution resolution = complaint.resolution();
        if (resolution != null) {
            io.exceed.feedback.v1.Resolution.Builder res = io.exceed.feedback.v1.Resolution.newBuilder()
                    .setRemedy(io.exceed.feedback.v1.Remedy.newBuilder()
                            .setKind(REMEDIES.toProto(resolution.remedyKind()))
                            .setDescription(resolution.remedyDescription()))
                    .setResolvedBy(resolution.resolvedBy())
                    .setResolveTime(ProtoTimes.timestamp(resolution.resolveTime()));
            if (resolution.rootCause() != null) {
                res.setRootCause(io.exceed.feedback.v1.RootCause.newBuilder()
                        .setDescription(resolution.rootCause())
                        .setPreventionAction(resolution.preventionAction()));
            } else {
                res.setNoSystemicCauseReason(resolution.noSystemicCauseReason());
            }
            proto.setResolution(res);
        }
        return proto.build();
    }
}
