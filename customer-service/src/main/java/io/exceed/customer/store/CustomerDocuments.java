package io.exceed.customer.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.LocalTime;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.bson.Document;
import org.bson.types.Decimal128;

import io.exceed.customer.domain.Band;
import io.exceed.customer.domain.Channel;
import io.exceed.customer.domain.ContactBudget;
import io.exceed.customer.domain.ContactPreferences;
import io.exceed.customer.domain.Customer;
import io.exceed.customer.domain.CustomerProfile;
import io.exceed.customer.domain.CustomerState;
import io.exceed.customer.domain.CustomerValue;
import io.exceed.customer.domain.Money;
import io.exceed.customer.domain.QuietHours;
import io.exceed.customer.domain.RelationshipState;
import io.exceed.customer.domain.Segment;
import io.exceed.customer.domain.UndeliverableAddress;
import io.exceed.defaults.storage.TenantScope;
import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.storage.Times;

/** Customers as MongoDB documents. */
final class CustomerDocuments {

    static final String EXTERNAL_REFERENCE_KEY = "externalReferenceKey";
    /** Absent from customers stored before addresses could be marked: none is. */
    private static final String UNDELIVERABLE_EMAILS = "undeliverableEmails";
    private static final String UNDELIVERABLE_PHONES = "undeliverablePhones";

    private CustomerDocuments() {
    }

    /**
     * The external reference, or the customer's own id when it has none: never null, so a plain unique
     * index keeps references unique per tenant on MongoDB and on the embedded store alike.
     */
    static String externalReferenceKey(Customer customer) {
        return customer.profile().hasExternalReference() ? "ref:" + customer.profile().externalReference()
                : "id:" + customer.id();
    }

    static Document toDocument(TenantId tenant, Customer customer) {
        Document document = new Document("_id", customer.id()).append(TenantScope.TENANT_FIELD, tenant.value());
        document.putAll(mutableFields(customer));
        document.append("createTime", Times.toDate(customer.createTime()));
        return document;
    }

    /** Everything a replace may change. */
    static Document mutableFields(Customer customer) {
        CustomerProfile profile = customer.profile();
        return new Document(EXTERNAL_REFERENCE_KEY, externalReferenceKey(customer))
                .append("externalReference", profile.externalReference())
                .append("displayName", profile.displayName())
                .append("emails", profile.emails())
                .append("phones", profile.phones())
                .append("language", profile.language())
                .append("timeZone", profile.timeZone())
                .append("segment", segment(profile.segment()))
                .append("value", value(profile.value()))
                .append("tags", profile.tags())
                .append("accountOwner", profile.accountOwner())
                .append("contact", contact(profile.contactPreferences()))
                .append("relationship", customer.relationship().name())
                .append("state", customer.state().name())
                .append("version", customer.version())
                .append("updateTime", Times.toDate(customer.updateTime()))
                .append(UNDELIVERABLE_EMAILS, marks(customer.undeliverableEmails()))
                .append(UNDELIVERABLE_PHONES, marks(customer.undeliverablePhones()));
    }

    static Customer fromDocument(Document document) {
        CustomerProfile profile = CustomerProfile.builder()
                .externalReference(document.getString("externalReference"))
                .displayName(document.getString("displayName"))
                .emails(document.getList("emails", String.class))
                .phones(document.getList("phones", String.class))
                .language(document.getString("language"))
                .timeZone(document.getString("timeZone"))
                .segment(segment(document.get("segment", Document.class)))
                .value(value(document.get("value", Document.class)))
                .tags(document.getList("tags", String.class))
                .accountOwner(document.getString("accountOwner"))
                .contactPreferences(contact(document.get("contact", Document.class)))
                .build();
        return new Customer(document.getString("_id"), profile,
                RelationshipState.valueOf(document.getString("relationship")),
                CustomerState.valueOf(document.getString("state")),
                document.getLong("version"),
                Times.toInstant(document.getDate("createTime")),
                Times.toInstant(document.getDate("updateTime")),
                Times.toInstant(document.getDate("latestExpectationTime")),
                marks(document, UNDELIVERABLE_EMAILS), marks(document, UNDELIVERABLE_PHONES));
    }

    private static List<Document> marks(List<UndeliverableAddress> marks) {
        return marks.stream()
                .map(mark -> new Document("address", mark.address()).append("reason", mark.reason())
                        .append("markTime", Times.toDate(mark.markTime())))
                .toList();
    }

    /** Customers stored before a kind of mark existed have none. */
    private static List<UndeliverableAddress> marks(Document document, String field) {
        return document.getList(field, Document.class, List.of()).stream()
                .map(mark -> new UndeliverableAddress(mark.getString("address"), mark.getString("reason"),
                        Times.toInstant(mark.getDate("markTime"))))
                .toList();
    }

    private static Document segment(Segment segment) {
        return new Document("attributes", new Document(new LinkedHashMap<>(segment.attributes())))
                .append("customerSince", Times.toDate(segment.customerSince()))
                .append("competitorProducts", segment.competitorProducts());
    }

    private static Segment segment(Document document) {
        Map<String, String> attributes = new LinkedHashMap<>();
        document.get("attributes", Document.class).forEach((key, value) -> attributes.put(key, (String) value));
        return new Segment(attributes, Times.toInstant(document.getDate("customerSince")),
                document.getList("competitorProducts", String.class));
    }

    private static Document value(CustomerValue value) {
        Document document = new Document("profitability", value.profitability().name())
                .append("growthPotential", value.growthPotential().name());
        if (value.lifetimeValue() != null) {
            document.append("lifetimeValue", money(value.lifetimeValue()));
        }
        return document;
    }

    private static CustomerValue value(Document document) {
        Document lifetime = document.get("lifetimeValue", Document.class);
        return new CustomerValue(lifetime == null ? null : money(lifetime),
                Band.valueOf(document.getString("profitability")),
                Band.valueOf(document.getString("growthPotential")));
    }

    static Document money(Money money) {
        return new Document("currency", money.currency()).append("amount", new Decimal128(money.amount()));
    }

    static Money money(Document document) {
        BigDecimal amount = document.get("amount", Decimal128.class).bigDecimalValue();
        return new Money(document.getString("currency"), amount);
    }

    private static Document contact(ContactPreferences preferences) {
        Document document = new Document("channels", preferences.allowedChannels().stream().map(Enum::name).toList());
        if (preferences.quietHours() != null) {
            document.append("quietHours", new Document("start", preferences.quietHours().start().toString())
                    .append("end", preferences.quietHours().end().toString()));
        }
        if (preferences.budget() != null) {
            document.append("budget", new Document("maxContacts", preferences.budget().maxContacts())
                    .append("periodSeconds", preferences.budget().period().toSeconds()));
        }
        return document;
    }

    private static ContactPreferences contact(Document document) {
        List<Channel> channels = document.getList("channels", String.class).stream().map(Channel::valueOf).toList();
        Document quiet = document.get("quietHours", Document.class);
        Document budget = document.get("budget", Document.class);
        return new ContactPreferences(channels,
                quiet == null ? null : new QuietHours(LocalTime.parse(quiet.getString("start")),
                        LocalTime.parse(quiet.getString("end"))),
                budget == null ? null : new ContactBudget(budget.getInteger("maxContacts"),
                        Duration.ofSeconds(budget.getLong("periodSeconds"))));
    }
}
