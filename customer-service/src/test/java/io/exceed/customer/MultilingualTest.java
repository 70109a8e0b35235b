package io.exceed.customer;

import static io.exceed.customer.Fixtures.note;
import static io.exceed.customer.Fixtures.person;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import io.exceed.customer.v1.CreateTimelineEventRequest;
import io.exceed.customer.v1.Customer;
import io.exceed.customer.v1.ExportCustomerRequest;
import io.exceed.customer.v1.ListTimelineEventsRequest;
import io.exceed.customer.v1.Segment;
import io.exceed.customer.v1.TimelineEvent;
import io.exceed.customer.v1.UpdateCustomerRequest;

class MultilingualTest extends CustomerTestSupport {

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Jane Smith | en | Great service, thank you!",
            "Åsa Öberg | sv | Räksmörgås, tack!",
            "王小明 | zh-Hans | 服务很好，谢谢！",
    })
    void namesAndNotesRoundTripExactly(String name, String language, String noteText) {
        String tenant = newTenant();

        Customer created = create(tenant, person(name).setLanguage(language)
                .setSegment(Segment.newBuilder().putAttributes("city", name)));
        TimelineEvent event = as(tenant).createTimelineEvent(CreateTimelineEventRequest.newBuilder()
                .setCustomerId(created.getId()).setEvent(note(noteText)).build());

        assertThat(created.getDisplayName()).isEqualTo(name);
        assertThat(get(tenant, created.getId()).getDisplayName()).isEqualTo(name);
        assertThat(get(tenant, created.getId()).getSegment().getAttributesMap()).containsEntry("city", name);
        assertThat(listAll(tenant)).extracting(Customer::getDisplayName).containsExactly(name);
        assertThat(event.getNote().getText()).isEqualTo(noteText);
        assertThat(as(tenant).listTimelineEvents(ListTimelineEventsRequest.newBuilder()
                .setCustomerId(created.getId()).build()).getEventsList())
                .extracting(e -> e.getNote().getText()).containsExactly(noteText);
        assertThat(as(tenant).exportCustomer(ExportCustomerRequest.newBuilder().setCustomerId(created.getId()).build())
                .getCustomer().getDisplayName()).isEqualTo(name);
    }

    @Test
    void mixedScriptsInOneTenant() {
        String tenant = newTenant();
        List<String> names = List.of("Jane Smith", "Åsa Öberg", "王小明", "Zoë Ødegård-Ñúñez 🙂");
        for (String name : names) {
            create(tenant, name);
        }

        assertThat(listAll(tenant)).extracting(Customer::getDisplayName).containsExactlyElementsOf(names);
    }

    @Test
    void twoHundredChineseCharactersAreAllowed() {
        String tenant = newTenant();
        String name = "王".repeat(200);
        assertThat(create(tenant, name).getDisplayName()).isEqualTo(name);
    }

    @Test
    void renamingToAnotherScriptRoundTrips() {
        String tenant = newTenant();
        Customer customer = create(tenant, "Xiaoming Wang");

        Customer renamed = as(tenant).updateCustomer(UpdateCustomerRequest.newBuilder()
                .setCustomer(Customer.newBuilder().setId(customer.getId()).setDisplayName("王小明"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name")).build());

        assertThat(renamed.getDisplayName()).isEqualTo("王小明");
        assertThat(get(tenant, customer.getId()).getDisplayName()).isEqualTo("王小明");
    }
}
