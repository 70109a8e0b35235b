package io.exceed.customer;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;

import com.google.protobuf.Timestamp;
import com.google.protobuf.util.Durations;
import com.google.protobuf.util.Timestamps;
import com.google.type.TimeOfDay;

import io.exceed.common.v1.ContactChannel;
import io.exceed.common.v1.Driver;
import io.exceed.common.v1.ServiceDimension;
import io.exceed.customer.v1.ContactBudget;
import io.exceed.customer.v1.ContactPreferences;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.DimensionExpectation;
import io.exceed.customer.v1.DriverWeight;
import io.exceed.customer.v1.ExpectationSnapshot;
import io.exceed.customer.v1.ExpectationSource;
import io.exceed.customer.v1.Note;
import io.exceed.customer.v1.QuietHours;
import io.exceed.customer.v1.TimelineEvent;

/** Builders for requests and values the tests use again and again. */
public final class Fixtures {

    private Fixtures() {
    }

    public static Timestamp ts(Instant instant) {
        return Timestamps.fromMillis(instant.toEpochMilli());
    }

    public static Timestamp ts(String instant) {
        return ts(Instant.parse(instant));
    }

    public static Instant instant(Timestamp timestamp) {
        return Instant.ofEpochSecond(timestamp.getSeconds(), timestamp.getNanos());
    }

    public static com.google.protobuf.Duration duration(Duration duration) {
        return Durations.fromMillis(duration.toMillis());
    }

    public static TimeOfDay time(int hours, int minutes) {
        return TimeOfDay.newBuilder().setHours(hours).setMinutes(minutes).build();
    }

    /** A customer with just a display name. */
    public static Customer.Builder person(String displayName) {
        return Customer.newBuilder().setDisplayName(displayName);
    }

    public static ContactPreferences.Builder allowing(ContactChannel... channels) {
        return ContactPreferences.newBuilder().addAllAllowedChannels(Arrays.asList(channels));
    }

    public static ContactBudget budget(int maxContacts, Duration period) {
        return ContactBudget.newBuilder().setMaxContacts(maxContacts).setPeriod(duration(period)).build();
    }

    public static QuietHours quietHours(int startHour, int endHour) {
        return QuietHours.newBuilder().setStart(time(startHour, 0)).setEnd(time(endHour, 0)).build();
    }

    /** A valid snapshot: quality 60 / price 40 and one dimension level, from a survey. */
    public static ExpectationSnapshot.Builder snapshot() {
        return ExpectationSnapshot.newBuilder()
                .setSource(ExpectationSource.EXPECTATION_SOURCE_SURVEY)
                .addDriverWeights(weight(Driver.DRIVER_QUALITY, 60))
                .addDriverWeights(weight(Driver.DRIVER_PRICE, 40))
                .addDimensionLevels(level(ServiceDimension.SERVICE_DIMENSION_RELIABILITY, 80));
    }

    public static DriverWeight weight(Driver driver, int weight) {
        return DriverWeight.newBuilder().setDriver(driver).setWeight(weight).build();
    }

    public static DimensionExpectation level(ServiceDimension dimension, int level) {
        return DimensionExpectation.newBuilder().setDimension(dimension).setExpectedLevel(level).build();
    }

    public static TimelineEvent.Builder note(String text) {
        return TimelineEvent.newBuilder().setNote(Note.newBuilder().setText(text).setAuthor("agent-7"));
    }
}
