package io.exceed.followup;

import static io.exceed.followup.PlaybookFixtures.playbook;
import static io.exceed.testing.GrpcErrors.assertStatus;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

import com.google.protobuf.FieldMask;

import io.exceed.followup.v1.ArchivePlaybookRequest;
import io.exceed.followup.v1.CreatePlaybookRequest;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.GetPlaybookRequest;
import io.exceed.followup.v1.ListPlaybooksRequest;
import io.exceed.followup.v1.ListPlaybooksResponse;
import io.exceed.followup.v1.Playbook;
import io.exceed.followup.v1.PlaybookEventKind;
import io.exceed.followup.v1.PlaybookServiceGrpc;
import io.exceed.followup.v1.PlaybookServiceGrpc.PlaybookServiceBlockingStub;
import io.exceed.followup.v1.PlaybookState;
import io.exceed.followup.v1.UpdatePlaybookRequest;
import io.grpc.Status;

class PlaybookLifecycleTest extends FollowUpServiceTestBase {

    private PlaybookServiceBlockingStub playbooks(String tenant) {
        return as(tenant, PlaybookServiceGrpc.newBlockingStub(channel));
    }

    private Playbook create(String tenant, Playbook.Builder playbook) {
        return playbooks(tenant).createPlaybook(CreatePlaybookRequest.newBuilder().setPlaybook(playbook).build());
    }

    private Playbook get(String tenant, String id, int version) {
        return playbooks(tenant).getPlaybook(GetPlaybookRequest.newBuilder().setPlaybookId(id).setVersion(version)
                .build());
    }

    private Playbook rename(String tenant, String id, String name) {
        return playbooks(tenant).updatePlaybook(UpdatePlaybookRequest.newBuilder()
                .setPlaybook(Playbook.newBuilder().setId(id).setDisplayName(name))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name")).build());
    }

    private ListPlaybooksResponse list(String tenant, ListPlaybooksRequest.Builder request) {
        return playbooks(tenant).listPlaybooks(request.build());
    }

    @Test
    void aPlaybookIsCreatedAsVersionOneWithTheDefaultEscalationPolicy() {
        String tenant = newTenant();

        Playbook created = create(tenant, playbook());

        assertThat(created.getId()).isNotEmpty();
        assertThat(created.getVersion()).isEqualTo(1);
        assertThat(created.getRevision()).isZero();
        assertThat(created.getState()).isEqualTo(PlaybookState.PLAYBOOK_STATE_ACTIVE);
        assertThat(created.getEscalationPolicy().getWarningPercent()).isEqualTo(75);
        assertThat(created.getAction().getTeamList()).containsExactly("anna", "bo", "cy");
        assertThat(created.getCreateTime()).isEqualTo(FollowUpFixtures.at(clock.instant()));
        assertThat(get(tenant, created.getId(), 0)).isEqualTo(created);
    }

    @Test
    void everyUpdateIsANewVersionAndEarlierVersionsStayReadable() {
        String tenant = newTenant();
        Playbook created = create(tenant, playbook());
        clock.advance(Duration.ofMinutes(5));

        Playbook renamed = rename(tenant, created.getId(), "Acknowledge serious complaints");
        Playbook replaced = playbooks(tenant).updatePlaybook(UpdatePlaybookRequest.newBuilder()
                .setPlaybook(playbook().setId(created.getId()).setDisplayName("Third")).build());

        assertThat(renamed.getVersion()).isEqualTo(2);
        assertThat(renamed.getRevision()).isEqualTo(1);
        assertThat(renamed.getTrigger()).isEqualTo(created.getTrigger());
        assertThat(renamed.getUpdateTime()).isEqualTo(FollowUpFixtures.at(clock.instant()));
        assertThat(replaced.getVersion()).isEqualTo(3);
        assertThat(get(tenant, created.getId(), 0)).isEqualTo(replaced);
        assertThat(get(tenant, created.getId(), 1).getDisplayName()).isEqualTo(created.getDisplayName());
        assertThat(get(tenant, created.getId(), 2).getDisplayName()).isEqualTo("Acknowledge serious complaints");
        assertStatus(Status.Code.NOT_FOUND, () -> get(tenant, created.getId(), 4));
    }

    @Test
    void anArchivedPlaybookCannotBeUpdatedAndArchivingTwiceIsHarmless() {
        String tenant = newTenant();
        Playbook created = create(tenant, playbook());

        Playbook archived = playbooks(tenant).archivePlaybook(ArchivePlaybookRequest.newBuilder()
                .setPlaybookId(created.getId()).build());
        Playbook again = playbooks(tenant).archivePlaybook(ArchivePlaybookRequest.newBuilder()
                .setPlaybookId(created.getId()).build());

        assertThat(archived.getState()).isEqualTo(PlaybookState.PLAYBOOK_STATE_ARCHIVED);
        assertThat(archived.getVersion()).isEqualTo(1);
        assertThat(again).isEqualTo(archived);
        assertStatus(Status.Code.FAILED_PRECONDITION, "PLAYBOOK_ARCHIVED",
                () -> rename(tenant, created.getId(), "too late"));
        assertThat(get(tenant, created.getId(), 0)).isEqualTo(archived);
    }

    @Test
    void aStaleExpectedRevisionIsAbortedAndARetriedUpdateMakesOneVersion() {
        String tenant = newTenant();
        Playbook created = create(tenant, playbook());
        UpdatePlaybookRequest update = UpdatePlaybookRequest.newBuilder()
                .setPlaybook(Playbook.newBuilder().setId(created.getId()).setDisplayName("Renamed"))
                .setUpdateMask(FieldMask.newBuilder().addPaths("display_name"))
                .setExpectedRevision(0).setRequestId("rename-1").build();

        Playbook first = playbooks(tenant).updatePlaybook(update);
        Playbook retried = playbooks(tenant).updatePlaybook(update);

        assertThat(retried).isEqualTo(first);
        assertThat(first.getVersion()).isEqualTo(2);
        assertStatus(Status.Code.ABORTED, () -> playbooks(tenant).updatePlaybook(update.toBuilder()
                .setRequestId("rename-2").build()));
        assertStatus(Status.Code.ABORTED, () -> playbooks(tenant).archivePlaybook(ArchivePlaybookRequest
                .newBuilder().setPlaybookId(created.getId()).setExpectedRevision(0).build()));
    }

    @Test
    void aRetriedCreateReturnsThePlaybookCreatedTheFirstTime() {
        String tenant = newTenant();
        CreatePlaybookRequest request = CreatePlaybookRequest.newBuilder().setPlaybook(playbook())
                .setRequestId("create-1").build();

        Playbook first = playbooks(tenant).createPlaybook(request);
        Playbook retried = playbooks(tenant).createPlaybook(request);

        assertThat(retried).isEqualTo(first);
        assertThat(list(tenant, ListPlaybooksRequest.newBuilder()
                .setEventKind(PlaybookEventKind.PLAYBOOK_EVENT_KIND_COMPLAINT_OPENED)).getPlaybooksList())
                .extracting(Playbook::getDisplayName).containsOnlyOnce(first.getDisplayName());
    }

    @Test
    void everyTenantStartsWithTheDefaultPlaybooksInstalledOnce() {
        String tenant = newTenant();

        ListPlaybooksResponse first = list(tenant, ListPlaybooksRequest.newBuilder());
        ListPlaybooksResponse second = list(tenant, ListPlaybooksRequest.newBuilder());

        assertThat(first.getPlaybooksList()).extracting(playbook -> playbook.getAction().getReason())
                .containsExactly(FollowUpReason.FOLLOW_UP_REASON_DETRACTOR_RECOVERY,
                        FollowUpReason.FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT,
                        FollowUpReason.FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT,
                        FollowUpReason.FOLLOW_UP_REASON_COMPLAINT_ACKNOWLEDGEMENT,
                        FollowUpReason.FOLLOW_UP_REASON_POST_RESOLUTION_CHECK_IN,
                        FollowUpReason.FOLLOW_UP_REASON_RETENTION_MEETING,
                        FollowUpReason.FOLLOW_UP_REASON_LARGE_ORDER_CHECK_IN,
                        FollowUpReason.FOLLOW_UP_REASON_EXPECTATION_REFRESH,
                        FollowUpReason.FOLLOW_UP_REASON_AT_RISK_RECOVERY,
                        FollowUpReason.FOLLOW_UP_REASON_ADVOCATE_THANKS);
        assertThat(second).isEqualTo(first);
        Playbook detractor = first.getPlaybooks(0);
        assertThat(detractor.getTrigger().getMaxNpsScore()).isEqualTo(6);
        assertThat(detractor.getAction().getSla().getSeconds()).isEqualTo(Duration.ofHours(24).toSeconds());
        assertThat(first.getPlaybooksList().subList(1, 4)).extracting(playbook -> playbook.getAction().getSla()
                .getSeconds()).as("complaints acknowledged by a call, the sooner the graver")
                .containsExactly(3_600L, 4 * 3_600L, 24 * 3_600L);
        Playbook retention = first.getPlaybooks(5);
        assertThat(retention.getAction().getSlaBusinessDays()).isEqualTo(1);
        assertThat(retention.getCalendar().getWorkingHoursList()).hasSize(5);
        assertThat(retention.getCalendar().getTimeZone()).as("the customer's own").isEmpty();
        assertThat(first.getPlaybooks(6).getTrigger().getMinOrderValue().getUnits()).isEqualTo(10_000);
        // The defaults are the tenant's own: they can be changed like any other.
        assertThat(rename(tenant, detractor.getId(), "Detractors: call today").getVersion()).isEqualTo(2);
    }

    @Test
    void listingFiltersByEventKindAndStateAndPages() {
        String tenant = newTenant();
        Playbook mine = create(tenant, playbook());
        playbooks(tenant).archivePlaybook(ArchivePlaybookRequest.newBuilder().setPlaybookId(mine.getId()).build());

        assertThat(list(tenant, ListPlaybooksRequest.newBuilder()
                .setState(PlaybookState.PLAYBOOK_STATE_ARCHIVED)).getPlaybooksList())
                .extracting(Playbook::getId).containsExactly(mine.getId());
        assertThat(list(tenant, ListPlaybooksRequest.newBuilder()
                .setEventKind(PlaybookEventKind.PLAYBOOK_EVENT_KIND_ORDER_PLACED)).getPlaybooksList()).hasSize(1);
        ListPlaybooksResponse first = list(tenant, ListPlaybooksRequest.newBuilder().setPageSize(6));
        ListPlaybooksResponse second = list(tenant, ListPlaybooksRequest.newBuilder().setPageSize(6)
                .setPageToken(first.getNextPageToken()));
        assertThat(first.getPlaybooksList()).hasSize(6);
        assertThat(second.getPlaybooksList()).as("the defaults and the archived one")
                .hasSize(PlaybookFixtures.DEFAULT_PLAYBOOKS + 1 - 6);
        assertThat(second.getNextPageToken()).isEmpty();
    }

    @Test
    void anotherTenantsPlaybookIsNotFound() {
        String owner = newTenant();
        String stranger = newTenant();
        Playbook created = create(owner, playbook());

        assertStatus(Status.Code.NOT_FOUND, () -> get(stranger, created.getId(), 0));
        assertStatus(Status.Code.NOT_FOUND, () -> get(stranger, created.getId(), 1));
        assertStatus(Status.Code.NOT_FOUND, () -> rename(stranger, created.getId(), "mine now"));
        assertStatus(Status.Code.NOT_FOUND, () -> playbooks(stranger).archivePlaybook(ArchivePlaybookRequest
                .newBuilder().setPlaybookId(created.getId()).build()));
        assertThat(list(stranger, ListPlaybooksRequest.newBuilder()).getPlaybooksList())
                .extracting(Playbook::getId).doesNotContain(created.getId())
                .hasSize(PlaybookFixtures.DEFAULT_PLAYBOOKS);
        assertThat(get(owner, created.getId(), 0)).isEqualTo(created);
    }
}
