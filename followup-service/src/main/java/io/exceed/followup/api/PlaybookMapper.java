package io.exceed.followup.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.followup.domain.playbook.Action;
import io.exceed.followup.domain.calendar.BusinessCalendar;
import io.exceed.followup.domain.playbook.EventKind;
import io.exceed.followup.domain.playbook.Money;
import io.exceed.followup.domain.playbook.OwnerStrategy;
import io.exceed.followup.domain.playbook.Playbook;
import io.exceed.followup.domain.playbook.PlaybookDefinition;
import io.exceed.followup.domain.playbook.PlaybookEvent;
import io.exceed.followup.domain.playbook.PlaybookRules;
import io.exceed.followup.domain.playbook.PlaybookState;
import io.exceed.followup.domain.playbook.Severity;
import io.exceed.followup.domain.playbook.Trigger;
import io.exceed.followup.domain.calendar.WorkingHours;
import io.exceed.followup.v1.PlaybookAction;
import io.exceed.followup.v1.PlaybookTrigger;

/** Playbook messages to the domain and back. Unset enums and times map to null, which the domain reports. */
final class PlaybookMapper {

    static final ProtoEnums<io.exceed.followup.v1.PlaybookEventKind, EventKind> EVENT_KINDS = new ProtoEnums<>(
            EventKind.class, "PLAYBOOK_EVENT_KIND_", io.exceed.followup.v1.PlaybookEventKind.getDescriptor(),
            io.exceed.followup.v1.PlaybookEventKind::valueOf);
    static final ProtoEnums<io.exceed.followup.v1.PlaybookState, PlaybookState> STATES = new ProtoEnums<>(
            PlaybookState.class, "PLAYBOOK_STATE_", io.exceed.followup.v1.PlaybookState.getDescriptor(),
            io.exceed.followup.v1.PlaybookState::valueOf);
    static final ProtoEnums<io.exceed.followup.v1.OwnerStrategy, OwnerStrategy> OWNER_STRATEGIES = new ProtoEnums<>(
            OwnerStrategy.class, "OWNER_STRATEGY_", io.exceed.followup.v1.OwnerStrategy.getDescriptor(),
            io.exceed.followup.v1.OwnerStrategy::valueOf);
    static final ProtoEnums<io.exceed.feedback.v1.Severity, Severity> SEVERITIES = new ProtoEnums<>(
            Severity.class, "SEVERITY_", io.exceed.feedback.v1.Severity.getDescriptor(),
            io.exceed.feedback.v1.Severity::valueOf);
    private static final BigDecimal NANOS_PER_UNIT = BigDecimal.valueOf(1_000_000_000);

    private PlaybookMapper() {
    }

    /** The fields of a playbook a caller may set; output-only fields are ignored. */
    static PlaybookDefinition definition(io.exceed.followup.v1.Playbook proto, String prefix, Violations violations) {
        return new PlaybookDefinition(proto.getDisplayName(),
                trigger(proto.getTrigger(), prefix + "trigger.", violations),
                action(proto.getAction(), prefix + "action.", violations),
                proto.hasEscalationPolicy() ? FollowUpMapper.escalationPolicy(proto.getEscalationPolicy()) : null,
                proto.hasCalendar() ? calendar(proto.getCalendar(), prefix + "calendar.", violations) : null);
    }

    static PlaybookEvent event(io.exceed.followup.v1.PlaybookEvent proto, String prefix, Violations violations) {
        FollowUpMapper.QuietHours quiet = FollowUpMapper.quietHours(proto.getContactWindow(),
                prefix + "contact_window.quiet_hours", violations);
        violations.require(proto.getSeverity() != io.exceed.feedback.v1.Severity.UNRECOGNIZED, prefix + "severity",
                "is not a known severity");
        return PlaybookEvent.builder()
                .kind(EVENT_KINDS.toDomain(proto.getKind()))
                .customerId(proto.getCustomerId())
                .sourceReference(proto.getSourceReference())
                .occurTime(proto.hasOccurTime()
                        ? ProtoTimes.instant(proto.getOccurTime(), prefix + "occur_time", violations) : null)
                .npsScore(proto.hasNpsScore() ? proto.getNpsScore() : null)
                .severity(SEVERITIES.toDomain(proto.getSeverity()))
                .orderValue(proto.hasOrderValue() ? money(proto.getOrderValue()) : null)
                .accountOwner(proto.getAccountOwner())
                .hasContactWindow(proto.hasContactWindow())
                .timeZone(proto.getContactWindow().getTimeZone())
                .quietStart(quiet.start())
                .quietEnd(quiet.end())
                .build();
    }

    private static Trigger trigger(PlaybookTrigger proto, String prefix, Violations violations) {
        violations.require(proto.getMinSeverity() != io.exceed.feedback.v1.Severity.UNRECOGNIZED,
                prefix + "min_severity", "is not a known severity");
        return new Trigger(EVENT_KINDS.toDomain(proto.getEventKind()),
                proto.hasMaxNpsScore() ? proto.getMaxNpsScore() : null,
                SEVERITIES.toDomain(proto.getMinSeverity()),
                proto.hasMinOrderValue() ? money(proto.getMinOrderValue()) : null);
    }

    private static Action action(PlaybookAction proto, String prefix, Violations violations) {
        // Unset priority means normal, so a value this build does not know must not pass as unset.
        violations.require(proto.getPriority() != io.exceed.followup.v1.Priority.UNRECOGNIZED, prefix + "priority",
                "is not a known priority");
        return Action.builder()
                .reason(FollowUpMapper.REASONS.toDomain(proto.getReason()))
                .delay(proto.hasDelay() ? ProtoTimes.duration(proto.getDelay()) : Duration.ZERO)
                .sla(proto.hasSla() ? ProtoTimes.duration(proto.getSla()) : null)
                .slaBusinessDays(proto.getSlaBusinessDays())
                .channel(FollowUpMapper.CHANNELS.toDomain(proto.getChannel()))
                .priority(FollowUpMapper.PRIORITIES.toDomain(proto.getPriority()))
                .ownerStrategy(OWNER_STRATEGIES.toDomain(proto.getOwnerStrategy()))
                .team(proto.getTeamList())
                .noSales(proto.getNoSales())
                .build();
    }

    private static BusinessCalendar calendar(io.exceed.followup.v1.BusinessCalendar proto, String prefix,
            Violations violations) {
        ZoneId zone = proto.getTimeZone().isEmpty() ? null
                : PlaybookRules.zone(proto.getTimeZone(), prefix + "time_zone", violations);
        List<WorkingHours> hours = new ArrayList<>();
        for (int i = 0; i < proto.getWorkingHoursCount(); i++) {
            io.exceed.followup.v1.WorkingHours day = proto.getWorkingHours(i);
            String field = prefix + "working_hours[" + i + "]";
            int number = day.getDayValue();
            hours.add(new WorkingHours(number >= 1 && number <= 7 ? DayOfWeek.of(number) : null,
                    ProtoTimes.localTime(day.getStart(), field + ".start", violations),
                    ProtoTimes.localTime(day.getEnd(), field + ".end", violations)));
        }
        Set<LocalDate> holidays = new HashSet<>();
        for (int i = 0; i < proto.getHolidaysCount(); i++) {
            com.google.type.Date date = proto.getHolidays(i);
            try {
                holidays.add(LocalDate.of(date.getYear(), date.getMonth(), date.getDay()));
            } catch (DateTimeException e) {
                violations.add(prefix + "holidays[" + i + "]", "is not a full calendar date");
            }
        }
        return new BusinessCalendar(zone, hours, holidays);
    }

    static io.exceed.followup.v1.Playbook toProto(Playbook playbook) {
        PlaybookDefinition definition = playbook.definition();
        Trigger trigger = definition.trigger();
        Action action = definition.action();
        PlaybookTrigger.Builder triggerProto = PlaybookTrigger.newBuilder()
                .setEventKind(EVENT_KINDS.toProto(trigger.eventKind()));
        if (trigger.maxNpsScore() != null) {
            triggerProto.setMaxNpsScore(trigger.maxNpsScore());
        }
        if (trigger.minSeverity() != null) {
            triggerProto.setMinSeverity(SEVERITIES.toProto(trigger.minSeverity()));
        }
        if (trigger.minOrderValue() != null) {
            triggerProto.setMinOrderValue(toProto(trigger.minOrderValue()));
        }
        PlaybookAction.Builder actionProto = PlaybookAction.newBuilder()
                .setReason(FollowUpMapper.REASONS.toProto(action.reason()))
                .setDelay(ProtoTimes.duration(action.delay()))
                .setSlaBusinessDays(action.slaBusinessDays())
                .setChannel(FollowUpMapper.CHANNELS.toProto(action.channel()))
                .setOwnerStrategy(OWNER_STRATEGIES.toProto(action.ownerStrategy()))
                .addAllTeam(action.team())
                .setNoSales(action.noSales());
        if (action.sla() != null) {
            actionProto.setSla(ProtoTimes.duration(action.sla()));
        }
        if (action.priority() != null) {
            actionProto.setPriority(FollowUpMapper.PRIORITIES.toProto(action.priority()));
        }
        io.exceed.followup.v1.Playbook.Builder proto = io.exceed.followup.v1.Playbook.newBuilder()
                .setId(playbook.id())
                .setDisplayName(definition.displayName())
                .setTrigger(triggerProto)
                .setAction(actionProto)
                .setEscalationPolicy(FollowUpMapper.escalationPolicy(definition.escalationPolicy()))
                .setState(STATES.toProto(playbook.state()))
                .setVersion(playbook.version())
                .setRevision(playbook.revision())
                .setCreateTime(ProtoTimes.timestamp(playbook.createTime()))
                .setUpdateTime(ProtoTimes.timestamp(playbook.updateTime()));
        BusinessCalendar calendar = definition.calendar();
        if (calendar != null) {
            proto.setCalendar(io.exceed.followup.v1.BusinessCalendar.newBuilder()
                    .setTimeZone(calendar.followsCustomer() ? "" : calendar.zone().getId())
                    .addAllWorkingHours(calendar.workingHours().stream()
                            .map(hours -> io.exceed.followup.v1.WorkingHours.newBuilder()
                                    .setDayValue(hours.day().getValue())
                                    .setStart(ProtoTimes.timeOfDay(hours.start()))
                                    .setEnd(ProtoTimes.timeOfDay(hours.end())).build())
                            .toList())
                    .addAllHolidays(calendar.holidays().stream().sorted()
                            .map(day -> com.google.type.Date.newBuilder().setYear(day.getYear())
                                    .setMonth(day.getMonthValue()).setDay(day.getDayOfMonth()).build())
                            .toList()));
        }
        return proto.build();
    }

    private static Money money(com.google.type.Money money) {
        return new Money(money.getCurrencyCode(), BigDecimal.valueOf(money.getUnits())
                .add(BigDecimal.valueOf(money.getNanos()).divide(NANOS_PER_UNIT)));
    }

    private static com.google.type.Money toProto(Money money) {
        BigDecimal units = money.amount().setScale(0, RoundingMode.DOWN);
        return com.google.type.Money.newBuilder()
                .setCurrencyCode(money.currency())
                .setUnits(units.longValueExact())
                .setNanos(money.amount().subtract(units).multiply(NANOS_PER_UNIT).intValue())
                .build();
    }
}
