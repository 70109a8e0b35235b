package io.exceed.followup.api;

import java.time.LocalTime;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.followup.domain.followup.ContactChannel;
import io.exceed.followup.domain.followup.ContactWindow;
import io.exceed.followup.domain.followup.EscalationPolicy;
import io.exceed.followup.domain.followup.EscalationStep;
import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpChange;
import io.exceed.followup.domain.followup.FollowUpDraft;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.FollowUpStatus;
import io.exceed.followup.domain.followup.Milestone;
import io.exceed.followup.domain.followup.MilestoneKind;
import io.exceed.followup.domain.followup.Outcome;
import io.exceed.followup.domain.followup.Priority;

/** Follow-up messages to the domain and back. Unset enums and times map to null, which the domain reports. */
final class FollowUpMapper {

    static final ProtoEnums<io.exceed.followup.v1.FollowUpReason, FollowUpReason> REASONS = new ProtoEnums<>(
            FollowUpReason.class, "FOLLOW_UP_REASON_", io.exceed.followup.v1.FollowUpReason.getDescriptor(),
            io.exceed.followup.v1.FollowUpReason::valueOf);
    static final ProtoEnums<io.exceed.followup.v1.FollowUpStatus, FollowUpStatus> STATUSES = new ProtoEnums<>(
            FollowUpStatus.class, "FOLLOW_UP_STATUS_", io.exceed.followup.v1.FollowUpStatus.getDescriptor(),
            io.exceed.followup.v1.FollowUpStatus::valueOf);
    static final ProtoEnums<io.exceed.followup.v1.Priority, Priority> PRIORITIES = new ProtoEnums<>(
            Priority.class, "PRIORITY_", io.exceed.followup.v1.Priority.getDescriptor(),
            io.exceed.followup.v1.Priority::valueOf);
    static final ProtoEnums<io.exceed.common.v1.ContactChannel, ContactChannel> CHANNELS = new ProtoEnums<>(
            ContactChannel.class, "CONTACT_CHANNEL_", io.exceed.common.v1.ContactChannel.getDescriptor(),
            io.exceed.common.v1.ContactChannel::valueOf);
    /** DUE, WARNING, BREACH and ESCALATION; DONE is never upcoming. */
    static final ProtoEnums<io.exceed.followup.v1.MilestoneKind, MilestoneKind> MILESTONES = new ProtoEnums<>(
            MilestoneKind.class, "MILESTONE_KIND_", io.exceed.followup.v1.MilestoneKind.getDescriptor(),
            io.exceed.followup.v1.MilestoneKind::valueOf);

    private FollowUpMapper() {
    }

    /** Quiet hours as a caller gave them; both null when the contact window names none. */
    record QuietHours(LocalTime start, LocalTime end) {
    }

    static QuietHours quietHours(io.exceed.followup.v1.ContactWindow window, String field, Violations violations) {
        if (!window.hasQuietHours()) {
            return new QuietHours(null, null);
        }
        io.exceed.customer.v1.QuietHours quiet = window.getQuietHours();
        return new QuietHours(ProtoTimes.localTime(quiet.getStart(), field + ".start", violations),
                ProtoTimes.localTime(quiet.getEnd(), field + ".end", violations));
    }

    /** The fields of a follow-up a caller may set; output-only fields are ignored. */
    static FollowUpDraft draft(io.exceed.followup.v1.FollowUp proto, String prefix, Violations violations) {
        QuietHours quiet = quietHours(proto.getContactWindow(), prefix + "contact_window.quiet_hours", violations);
        // Unset priority means normal, so a value this build does not know must not pass as unset.
        violations.require(proto.getPriority() != io.exceed.followup.v1.Priority.UNRECOGNIZED, prefix + "priority",
                "is not a known priority");
        return FollowUpDraft.builder()
                .customerId(proto.getCustomerId())
                .reason(REASONS.toDomain(proto.getReason()))
                .sourceReference(proto.getSourceReference())
                .owner(proto.getOwner())
                .channel(CHANNELS.toDomain(proto.getChannel()))
                .priority(PRIORITIES.toDomain(proto.getPriority()))
                .dueTime(proto.hasDueTime() ? ProtoTimes.instant(proto.getDueTime(), prefix + "due_time", violations)
                        : null)
                .promisedTime(proto.hasPromisedTime()
                        ? ProtoTimes.instant(proto.getPromisedTime(), prefix + "promised_time", violations) : null)
                .sla(proto.hasSla() ? ProtoTimes.duration(proto.getSla()) : null)
                .noSales(proto.getNoSales())
                .hasContactWindow(proto.hasContactWindow())
                .timeZone(proto.getContactWindow().getTimeZone())
                .quietStart(quiet.start())
                .quietEnd(quiet.end())
                .escalationPolicy(proto.hasEscalationPolicy() ? escalationPolicy(proto.getEscalationPolicy()) : null)
                .build();
    }

    static EscalationPolicy escalationPolicy(io.exceed.followup.v1.EscalationPolicy proto) {
        return new EscalationPolicy(
                proto.getWarningPercent() == 0 ? EscalationPolicy.DEFAULT_WARNING_PERCENT : proto.getWarningPercent(),
                proto.getStepsList().stream().map(step -> new EscalationStep(step.getTarget(),
                        step.hasAfterBreach() ? ProtoTimes.duration(step.getAfterBreach()) : null)).toList());
    }

    static Outcome outcome(io.exceed.followup.v1.CompleteFollowUpRequest request) {
        if (!request.hasOutcome()) {
            return null;
        }
        io.exceed.followup.v1.Outcome proto = request.getOutcome();
        return new Outcome(proto.getNotes(), proto.hasTrustRestored() ? proto.getTrustRestored() : null,
                proto.getGoodwillGesture(), proto.hasCustomerSatisfied() ? proto.getCustomerSatisfied() : null);
    }

    static io.exceed.followup.v1.FollowUp toProto(FollowUp followUp) {
        io.exceed.followup.v1.FollowUp.Builder proto = io.exceed.followup.v1.FollowUp.newBuilder()
                .setId(followUp.id())
                .setCustomerId(followUp.customerId())
                .setReason(REASONS.toProto(followUp.reason()))
                .setSourceReference(followUp.sourceReference())
                .setOwner(followUp.owner())
                .setChannel(CHANNELS.toProto(followUp.channel()))
                .setPriority(PRIORITIES.toProto(followUp.priority()))
                .setDueTime(ProtoTimes.timestamp(followUp.dueTime()))
                .setPromisedTime(ProtoTimes.timestamp(followUp.promisedTime()))
                .setSlaDeadline(ProtoTimes.timestamp(followUp.slaDeadline()))
                .setNoSales(followUp.noSales())
                .setEscalationPolicy(escalationPolicy(followUp.escalationPolicy()))
                .setStatus(STATUSES.toProto(followUp.status()))
                .setEscalationLevel(followUp.escalationLevel())
                .setEscalatedTo(followUp.escalatedTo() == null ? "" : followUp.escalatedTo())
                .setPlaybook(followUp.playbook() == null ? "" : followUp.playbook())
                .setRevision(followUp.revision())
                .setCreateTime(ProtoTimes.timestamp(followUp.createTime()))
                .setUpdateTime(ProtoTimes.timestamp(followUp.updateTime()));
        for (Milestone milestone : followUp.upcomingMilestones()) {
            io.exceed.followup.v1.Milestone.Builder upcoming = io.exceed.followup.v1.Milestone.newBuilder()
                    .setKind(MILESTONES.toProto(milestone.kind()))
                    .setTime(ProtoTimes.timestamp(milestone.time()));
            if (milestone.kind() == MilestoneKind.ESCALATION) {
                upcoming.setEscalationTarget(followUp.escalationPolicy().steps().get(milestone.step()).target());
            }
            proto.addUpcomingMilestones(upcoming);
        }
        ContactWindow window = followUp.contactWindow();
        if (window != null) {
            proto.setContactWindow(io.exceed.followup.v1.ContactWindow.newBuilder()
                    .setTimeZone(window.zone().getId())
                    .setQuietHours(io.exceed.customer.v1.QuietHours.newBuilder()
                            .setStart(ProtoTimes.timeOfDay(window.quietStart()))
                            .setEnd(ProtoTimes.timeOfDay(window.quietEnd()))));
        }
        Outcome outcome = followUp.outcome();
        if (outcome != null) {
            io.exceed.followup.v1.Outcome.Builder result = io.exceed.followup.v1.Outcome.newBuilder()
                    .setNotes(outcome.notes())
                    .setGoodwillGesture(outcome.goodwillGesture());
            if (outcome.trustRestored() != null) {
                result.setTrustRestored(outcome.trustRestored());
            }
            if (outcome.customerSatisfied() != null) {
                result.setCustomerSatisfied(outcome.customerSatisfied());
            }
            proto.setOutcome(result);
        }
        if (followUp.firstContactTime() != null) {
            proto.setFirstContactTime(ProtoTimes.timestamp(followUp.firstContactTime()));
        }
        if (followUp.closeTime() != null) {
            proto.setCloseTime(ProtoTimes.timestamp(followUp.closeTime()));
        }
        for (FollowUpChange change : followUp.history()) {
            proto.addHistory(io.exceed.followup.v1.FollowUpChange.newBuilder()
                    .setChangeTime(ProtoTimes.timestamp(change.time()))
                    .setActor(change.actor())
                    .setFromStatus(change.from() == null ? io.exceed.followup.v1.FollowUpStatus.FOLLOW_UP_STATUS_UNSPECIFIED
                            : STATUSES.toProto(change.from()))
                    .setToStatus(STATUSES.toProto(change.to()))
                    .setDescription(change.description()));
        }
        return proto.build();
    }

    static io.exceed.followup.v1.EscalationPolicy escalationPolicy(EscalationPolicy policy) {
        return io.exceed.followup.v1.EscalationPolicy.newBuilder()
                .setWarningPercent(policy.warningPercent())
                .addAllSteps(policy.steps().stream().map(step -> io.exceed.followup.v1.EscalationStep.newBuilder()
                        .setTarget(step.target())
                        .setAfterBreach(ProtoTimes.duration(step.afterBreach())).build()).toList())
                .build();
    }
}
