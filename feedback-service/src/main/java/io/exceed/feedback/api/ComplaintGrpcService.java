package io.exceed.feedback.api;

import static io.exceed.defaults.api.UnaryCalls.optional;
import static io.exceed.defaults.api.UnaryCalls.reply;

import java.util.Optional;

import org.springframework.stereotype.Service;

import io.exceed.defaults.api.PageRequest;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.api.RequestIds;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.defaults.ids.TimeOrderedIds;
import io.exceed.defaults.paging.Page;
import io.exceed.feedback.domain.complaint.AcknowledgeComplaint;
import io.exceed.feedback.domain.complaint.Complaint;
import io.exceed.feedback.domain.complaint.ComplaintFilter;
import io.exceed.feedback.domain.complaint.Complaints;
import io.exceed.feedback.domain.complaint.ReopenComplaint;
import io.exceed.feedback.domain.complaint.ResolveComplaint;
import io.exceed.feedback.v1.AcknowledgeComplaintRequest;
import io.exceed.feedback.v1.CloseComplaintRequest;
import io.exceed.feedback.v1.ComplaintServiceGrpc;
import io.exceed.feedback.v1.ComplaintState;
import io.exceed.feedback.v1.CreateComplaintRequest;
import io.exceed.feedback.v1.GetComplaintRequest;
import io.exceed.feedback.v1.ListComplaintsRequest;
import io.exceed.feedback.v1.ListComplaintsResponse;
import io.exceed.feedback.v1.ReopenComplaintRequest;
import io.exceed.feedback.v1.ResolveComplaintRequest;
import io.grpc.stub.StreamObserver;

/** The ComplaintService contract over gRPC: maps messages to the domain and back, nothing more. */
@Service
public class ComplaintGrpcService extends ComplaintServiceGrpc.ComplaintServiceImplBase {


    private final Complaints complaints;

    public ComplaintGrpcService(Complaints complaints) {
        this.complaints = complaints;
    }

    @Override
    public void createComplaint(CreateComplaintRequest request, StreamObserver<io.exceed.feedback.v1.Complaint> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        Complaint created = complaints.create(CurrentTenant.get(),
                ComplaintMapper.intake(request.getComplaint()), requestId,
                violations);
        reply(response, ComplaintMapper.toProto(created));
    }

    @Override
    public void getComplaint(GetComplaintRequest request, StreamObserver<io.exceed.feedback.v1.Complaint> response) {
        reply(response, ComplaintMapper.toProto(complaints.get(CurrentTenant.get(), request.getComplaintId())));
    }

    @Override
    public void listComplaints(ListComplaintsRequest request, StreamObserver<ListComplaintsResponse> response) {
        PageRequest paging = PageRequest.of(request, request.getPageSize(), request.getPageToken(),
                TimeOrderedIds::isId);
        Violations violations = new Violations();
        ComplaintFilter filter = new ComplaintFilter(request.getCustomerId(),
                ComplaintMapper.STATES.toDomain(request.getState()),
                Complaint.categoryKey(request.getCategory()),
                request.hasStartTime() ? ProtoTimes.instant(request.getStartTime(), "start_time", violations) : null,
                request.hasEndTime() ? ProtoTimes.instant(request.getEndTime(), "end_time", violations) : null);
        violations.require(request.getState() != ComplaintState.UNRECOGNIZED, "state", "is not a known state");
        violations.throwIfAny();
        Page<Complaint> page = complaints.list(CurrentTenant.get(), filter, paging.after(), paging.size());
        reply(response, ListComplaintsResponse.newBuilder()
                .addAllComplaints(page.items().stream().map(ComplaintMapper::toProto).toList())
                .setNextPageToken(paging.nextPageToken(page.nextPosition()))
                .build());
    }

    @Override
    public void acknowledgeComplaint(AcknowledgeComplaintRequest request,
            StreamObserver<io.exceed.feedback.v1.Complaint> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        AcknowledgeComplaint command = new AcknowledgeComplaint(request.getComplaintId(), request.getMessage(),
                optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId);
        reply(response, ComplaintMapper.toProto(complaints.acknowledge(CurrentTenant.get(), command, violations)));
    }

    @Override
    public void resolveComplaint(ResolveComplaintRequest request,
            StreamObserver<io.exceed.feedback.v1.Complaint> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        ResolveComplaint command = new ResolveComplaint(request.getComplaintId(),
                ComplaintMapper.resolution(request.getResolution()),
                optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId);
        reply(response, ComplaintMapper.toProto(complaints.resolve(CurrentTenant.get(), command, violations)));
    }

    @Override
    public void closeComplaint(CloseComplaintRequest request, StreamObserver<io.exceed.feedback.v1.Complaint> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        violations.throwIfAny();
        reply(response, ComplaintMapper.toProto(complaints.close(CurrentTenant.get(), request.getComplaintId(),
                optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId)));
    }

    @Override
    public void reopenComplaint(ReopenComplaintRequest request,
            StreamObserver<io.exceed.feedback.v1.Complaint> response) {
        Violations violations = new Violations();
        Optional<String> requestId = RequestIds.check(request.getRequestId(), violations);
        ReopenComplaint command = new ReopenComplaint(request.getComplaintId(), request.getReason(),
                optional(request.hasExpectedRevision(), request.getExpectedRevision()), requestId);
        reply(response, ComplaintMapper.toProto(complaints.reopen(CurrentTenant.get(), command, violations)));
    }
}
