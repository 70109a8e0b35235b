package io.exceed.customer.api;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;
import java.time.LocalTime;
import java.util.List;

import com.google.protobuf.Duration;
import com.google.protobuf.Timestamp;
import com.google.type.Money;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.ContactPurpose;
import io.exceed.customer.domain.Band;
import io.exceed.customer.domain.Channel;
import io.exceed.customer.domain.ContactBudget;
import io.exceed.customer.domain.ContactDecision;
import io.exceed.customer.domain.ContactLogEntry;
import io.exceed.customer.domain.ContactPreferences;
import io.exceed.customer.domain.ContractEventKind;
import io.exceed.customer.domain.Customer;
import io.exceed.customer.domain.CustomerProfile;
import io.exceed.customer.domain.CustomerState;
import io.exceed.customer.domain.CustomerValue;
import io.exceed.customer.domain.Driver;
import io.exceed.customer.domain.ExpectationSnapshot;
import io.exceed.customer.domain.ExpectationSource;
import io.exceed.customer.domain.Purpose;
import io.exceed.customer.domain.QuietHours;
import io.exceed.customer.domain.RelationshipState;
import io.exceed.customer.domain.Segment;
import io.exceed.customer.domain.ServiceDimension;
import io.exceed.customer.domain.TimelineEvent;
import io.exceed.customer.v1.ContactDenialReason;
import io.exceed.customer.v1.DimensionExpectation;
import io.exceed.customer.v1.DriverWeight;
import io.exceed.customer.v1.Order;
import io.exceed.customer.v1.UndeliverableEmail;
import io.exceed.customer.v1.UndeliverablePhone;
import io.exceed.defaults.error.Violations;

/**
 * Translates between the contract's messages and the domain. Values that cannot even be read (an unknown
 * enum number, an impossible time) are reported here, under the field path the caller used.
 */
final class CustomerMapper {

    static final ProtoEnums<ContactChannel, Channel> CHANNELS = new ProtoEnums<>(Channel.class, "CONTACT_CHANNEL_",
            ContactChannel.getDescriptor(), ContactChannel::valueOf);
    static final ProtoEnums<ContactPurpose, Purpose> PURPOSES = new ProtoEnums<>(Purpose.class, "CONTACT_PURPOSE_",
            ContactPurpose.getDescriptor(), ContactPurpose::valueOf);
    static final ProtoEnums<io.exceed.customer.v1.RelationshipState, RelationshipState> RELATIONSHIPS = new ProtoEnums<>(
            RelationshipState.class, "RELATIONSHIP_STATE_", io.exceed.customer.v1.RelationshipState.getDescriptor(),
            io.exceed.customer.v1.RelationshipState::valueOf);
    static final ProtoEnums<io.exceed.customer.v1.CustomerState, CustomerState> STATES = new ProtoEnums<>(
            CustomerState.class, "CUSTOMER_STATE_", io.exceed.customer.v1.CustomerState.getDescriptor(),
            io.exceed.customer.v1.CustomerState::valueOf);
    static final ProtoEnums<io.exceed.common.v1.Driver, Driver> DRIVERS = new ProtoEnums<>(Driver.class, "DRIVER_",
            io.exceed.common.v1.Driver.getDescriptor(), io.exceed.common.v1.Driver::valueOf);
    static final ProtoEnums<io.exceed.common.v1.ServiceDimension, ServiceDimension> DIMENSIONS = new ProtoEnums<>(
            ServiceDimension.class, "SERVICE_DIMENSION_", io.exceed.common.v1.ServiceDimension.getDescriptor(),
            io.exceed.common.v1.ServiceDimension::valueOf);
    static final ProtoEnums<io.exceed.customer.v1.ExpectationSource, ExpectationSource> SOURCES = new ProtoEnums<>(
            ExpectationSource.class, "EXPECTATION_SOURCE_", io.exceed.customer.v1.ExpectationSource.getDescriptor(),
            io.exceed.customer.v1.ExpectationSource::valueOf);
    static final ProtoEnums<io.exceed.customer.v1.ContractEventKind, ContractEventKind> CONTRACT_KINDS = new ProtoEnums<>(
            ContractEventKind.class, "CONTRACT_EVENT_KIND_", io.exceed.customer.v1.ContractEventKind.getDescriptor(),
            io.exceed.customer.v1.ContractEventKind::valueOf);

    private static final BigDecimal NANOS_PER_UNIT = BigDecimal.valueOf(1_000_000_000L);

    private CustomerMapper() {
    }

    // ---- contract -> domain

    static CustomerProfile profile(io.exceed.customer.v1.Customer customer, String prefix, Violations violations) {
        io.exceed.customer.v1.Segment segment = customer.getSegment();
        io.exceed.customer.v1.CustomerValue value = customer.getValue();
        io.exceed.customer.v1.ContactPreferences preferences = customer.getContactPreferences();
        return CustomerProfile.builder()
                .externalReference(customer.getExternalReference())
                .displayName(customer.getDisplayName())
                .emails(customer.getEmailsList())
                .phones(customer.getPhonesList())
                .language(customer.getLanguage())
                .timeZone(customer.getTimeZone())
                .segment(new Segment(segment.getAttributesMap(),
                        segment.hasCustomerSince() ? instant(segment.getCustomerSince(), prefix + "segment.customer_since",
                                violations) : null,
                        segment.getCompetitorProductsList()))
                .value(new CustomerValue(
                        value.hasLifetimeValue() ? money(value.getLifetimeValue()) : null,
                        band(value.getProfitability()),
                        band(value.getGrowthPotential())))
                .tags(customer.getTagsList())
                .accountOwner(customer.getAccountOwner())
                .contactPreferences(new ContactPreferences(
                        preferences.getAllowedChannelsList().stream().map(CHANNELS::toDomain).toList(),
                        preferences.hasQuietHours() ? quietHours(preferences.getQuietHours(),
                                prefix + "contact_preferences.quiet_hours", violations) : null,
                        preferences.hasBudget() ? new ContactBudget(preferences.getBudget().getMaxContacts(),
                                duration(preferences.getBudget().getPeriod())) : null))
                .build();
    }

    private static Band band(io.exceed.customer.v1.Band band) {
        return switch (band) {
            case BAND_UNSPECIFIED -> Band.UNRATED;
            case BAND_LOW -> Band.LOW;
            case BAND_MEDIUM -> Band.MEDIUM;
            case BAND_HIGH -> Band.HIGH;
            case UNRECOGNIZED -> null;
        };
    }

    private static QuietHours quietHours(io.exceed.customer.v1.QuietHours quiet, String field, Violations violations) {
        LocalTime start = ProtoTimes.localTime(quiet.getStart(), field + ".start", violations);
        LocalTime end = ProtoTimes.localTime(quiet.getEnd(), field + ".end", violations);
        return start == null || end == null ? null : new QuietHours(start, end);
    }

    static Instant instant(Timestamp timestamp, String field, Violations violations) {
        return ProtoTimes.instant(timestamp, field, violations);
    }

    static java.time.Duration duration(Duration duration) {
        return ProtoTimes.duration(duration);
    }

    static io.exceed.customer.domain.Money money(Money money) {
        BigDecimal amount = BigDecimal.valueOf(money.getUnits())
                .add(BigDecimal.valueOf(money.getNanos()).divide(NANOS_PER_UNIT));
        return new io.exceed.customer.domain.Money(money.getCurrencyCode(), amount);
    }

    static ExpectationSnapshot snapshot(io.exceed.customer.v1.ExpectationSnapshot snapshot, Violations violations) {
        return new ExpectationSnapshot(null, null,
                snapshot.getDriverWeightsList().stream()
                        .map(w -> new ExpectationSnapshot.DriverWeight(DRIVERS.toDomain(w.getDriver()), w.getWeight()))
                        .toList(),
                snapshot.getDimensionLevelsList().stream()
                        .map(l -> new ExpectationSnapshot.DimensionLevel(DIMENSIONS.toDomain(l.getDimension()),
                                l.getExpectedLevel()))
                        .toList(),
                SOURCES.toDomain(snapshot.getSource()),
                snapshot.hasObserveTime() ? instant(snapshot.getObserveTime(), "snapshot.observe_time", violations) : null,
                null);
    }

    static TimelineEvent timelineEvent(io.exceed.customer.v1.TimelineEvent event, Violations violations) {
        TimelineEvent.Detail detail = switch (event.getDetailCase()) {
            case ORDER -> new TimelineEvent.OrderPlaced(event.getOrder().getOrderReference(),
                    event.getOrder().hasValue() ? money(event.getOrder().getValue()) : null);
            case CONTRACT_EVENT -> new TimelineEvent.ContractChange(CONTRACT_KINDS.toDomain(event.getContractEvent().getKind()),
                    event.getContractEvent().getContractReference(), event.getContractEvent().getDetails());
            case NOTE -> new TimelineEvent.StaffNote(event.getNote().getText(), event.getNote().getAuthor());
            case DETAIL_NOT_SET -> null;
        };
        return new TimelineEvent(null, null,
                event.hasOccurTime() ? instant(event.getOccurTime(), "event.occur_time", violations) : null, null, detail);
    }

    // ---- domain -> contract

    static io.exceed.customer.v1.Customer toProto(Customer customer) {
        CustomerProfile profile = customer.profile();
        io.exceed.customer.v1.Customer.Builder proto = io.exceed.customer.v1.Customer.newBuilder()
                .setId(customer.id())
                .setExternalReference(profile.externalReference())
                .setDisplayName(profile.displayName())
                .addAllEmails(profile.emails())
                .addAllPhones(profile.phones())
                .setLanguage(profile.language())
                .setTimeZone(profile.timeZone())
                .setSegment(toProto(profile.segment()))
                .setValue(toProto(profile.value()))
                .addAllTags(profile.tags())
                .setAccountOwner(profile.accountOwner())
                .setContactPreferences(toProto(profile.contactPreferences()))
                .setRelationshipState(RELATIONSHIPS.toProto(customer.relationship()))
                .setState(STATES.toProto(customer.state()))
                .setVersion(customer.version())
                .setCreateTime(timestamp(customer.createTime()))
                .setUpdateTime(timestamp(customer.updateTime()));
        if (customer.latestExpectationTime() != null) {
            proto.setLatestExpectationTime(timestamp(customer.latestExpectationTime()));
        }
        customer.undeliverableEmails().forEach(mark -> proto.addUndeliverableEmails(UndeliverableEmail.newBuilder()
                .setAddress(mark.address()).setReason(mark.reason()).setMarkTime(timestamp(mark.markTime()))));
        customer.undeliverablePhones().forEach(mark -> proto.addUndeliverablePhones(UndeliverablePhone.newBuilder()
                .setPhone(mark.address()).setReason(mark.reason()).setMarkTime(timestamp(mark.markTime()))));
        return proto.build();
    }

    private static io.exceed.customer.v1.Segment toProto(Segment segment) {
        io.exceed.customer.v1.Segment.Builder proto = io.exceed.customer.v1.Segment.newBuilder()
                .putAllAttributes(segment.attributes())
                .addAllCompetitorProducts(segment.competitorProducts());
        if (segment.customerSince() != null) {
            proto.setCustomerSince(timestamp(segment.customerSince()));
        }
        return proto.build();
    }

    private static io.exceed.customer.v1.CustomerValue toProto(CustomerValue value) {
        io.exceed.customer.v1.CustomerValue.Builder proto = io.exceed.customer.v1.CustomerValue.newBuilder()
                .setProfitability(toProto(value.profitability()))
                .setGrowthPotential(toProto(value.growthPotential()));
        if (value.lifetimeValue() != null) {
            proto.setLifetimeValue(toProto(value.lifetimeValue()));
        }
        return proto.build();
    }

    private static io.exceed.customer.v1.Band toProto(Band band) {
        return switch (band) {
            case UNRATED -> io.exceed.customer.v1.Band.BAND_UNSPECIFIED;
            case LOW -> io.exceed.customer.v1.Band.BAND_LOW;
            case MEDIUM -> io.exceed.customer.v1.Band.BAND_MEDIUM;
            case HIGH -> io.exceed.customer.v1.Band.BAND_HIGH;
        };
    }

    static Money toProto(io.exceed.customer.domain.Money money) {
        BigDecimal units = money.amount().setScale(0, RoundingMode.DOWN);
        return Money.newBuilder()
                .setCurrencyCode(money.currency())
                .setUnits(units.longValueExact())
                .setNanos(money.amount().subtract(units).multiply(NANOS_PER_UNIT).intValue())
                .build();
    }

    private static io.exceed.customer.v1.ContactPreferences toProto(ContactPreferences preferences) {
        io.exceed.customer.v1.ContactPreferences.Builder proto = io.exceed.customer.v1.ContactPreferences.newBuilder()
                .addAllAllowedChannels(preferences.allowedChannels().stream().map(CHANNELS::toProto).toList());
        if (preferences.quietHours() != null) {
            proto.setQuietHours(io.exceed.customer.v1.QuietHours.newBuilder()
                    .setStart(ProtoTimes.timeOfDay(preferences.quietHours().start()))
                    .setEnd(ProtoTimes.timeOfDay(preferences.quietHours().end())));
        }
        if (preferences.budget() != null) {
            proto.setBudget(io.exceed.customer.v1.ContactBudget.newBuilder()
                    .setMaxContacts(preferences.budget().maxContacts())
                    .setPeriod(Duration.newBuilder().setSeconds(preferences.budget().period().toSeconds())));
        }
        return proto.build();
    }

    static Timestamp timestamp(Instant instant) {
        return ProtoTimes.timestamp(instant);
    }

    static io.exceed.customer.v1.ExpectationSnapshot toProto(ExpectationSnapshot snapshot) {
        return io.exceed.customer.v1.ExpectationSnapshot.newBuilder()
                .setId(snapshot.id())
                .setCustomerId(snapshot.customerId())
                .addAllDriverWeights(snapshot.driverWeights().stream()
                        .map(w -> DriverWeight.newBuilder().setDriver(DRIVERS.toProto(w.driver())).setWeight(w.weight()).build())
                        .toList())
                .addAllDimensionLevels(snapshot.dimensionLevels().stream()
                        .map(l -> DimensionExpectation.newBuilder().setDimension(DIMENSIONS.toProto(l.dimension()))
                                .setExpectedLevel(l.expectedLevel()).build())
                        .toList())
                .setSource(SOURCES.toProto(snapshot.source()))
                .setObserveTime(timestamp(snapshot.observeTime()))
                .setRecordTime(timestamp(snapshot.recordTime()))
                .build();
    }

    static io.exceed.customer.v1.TimelineEvent toProto(TimelineEvent event) {
        io.exceed.customer.v1.TimelineEvent.Builder proto = io.exceed.customer.v1.TimelineEvent.newBuilder()
                .setId(event.id())
                .setCustomerId(event.customerId())
                .setOccurTime(timestamp(event.occurTime()))
                .setRecordTime(timestamp(event.recordTime()));
        switch (event.detail()) {
            case TimelineEvent.OrderPlaced order -> proto.setOrder(Order.newBuilder()
                    .setOrderReference(order.orderReference()).setValue(toProto(order.value())));
            case TimelineEvent.ContractChange change -> proto.setContractEvent(io.exceed.customer.v1.ContractEvent.newBuilder()
                    .setKind(CONTRACT_KINDS.toProto(change.kind()))
                    .setContractReference(change.contractReference())
                    .setDetails(change.details()));
            case TimelineEvent.StaffNote note -> proto.setNote(io.exceed.customer.v1.Note.newBuilder()
                    .setText(note.text()).setAuthor(note.author()));
        }
        return proto.build();
    }

    static io.exceed.customer.v1.ContactLogEntry toProto(ContactLogEntry entry) {
        return io.exceed.customer.v1.ContactLogEntry.newBuilder()
                .setSequence(entry.sequence())
                .setReservationId(entry.grant().reservationId())
                .setCustomerId(entry.grant().customerId())
                .setChannel(CHANNELS.toProto(entry.grant().channel()))
                .setPurpose(PURPOSES.toProto(entry.grant().purpose()))
                .setActor(entry.grant().actor())
                .setConsentBasis(entry.grant().consentBasis())
                .setGrantTime(timestamp(entry.grant().grantTime()))
                .setPreviousHash(entry.previousHash())
                .setHash(entry.hash())
                .build();
    }

    static ContactDenialReason toProto(ContactDecision.DenialReason reason) {
        return switch (reason) {
            case NO_CONSENT -> ContactDenialReason.CONTACT_DENIAL_REASON_NO_CONSENT;
            case QUIET_HOURS -> ContactDenialReason.CONTACT_DENIAL_REASON_QUIET_HOURS;
            case BUDGET_EXHAUSTED -> ContactDenialReason.CONTACT_DENIAL_REASON_BUDGET_EXHAUSTED;
            case UNDELIVERABLE -> ContactDenialReason.CONTACT_DENIAL_REASON_UNDELIVERABLE;
        };
    }

    static List<io.exceed.customer.v1.Customer> toProto(List<Customer> customers) {
        return customers.stream().map(CustomerMapper::toProto).toList();
    }
}
