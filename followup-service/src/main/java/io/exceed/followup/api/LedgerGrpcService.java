package io.exceed.followup.api;

import static io.exceed.defaults.api.UnaryCalls.reply;

import java.time.Instant;

import org.springframework.stereotype.Service;

import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.exceed.followup.domain.ledger.Ledger;
import io.exceed.followup.domain.ledger.LedgerGrouping;
import io.exceed.followup.domain.ledger.LedgerQuery;
import io.exceed.followup.domain.ledger.LedgerReport;
import io.exceed.followup.v1.FollowUpReason;
import io.exceed.followup.v1.GetPromiseLedgerRequest;
import io.exceed.followup.v1.GetPromiseLedgerResponse;
import io.exceed.followup.v1.PromiseLedgerServiceGrpc;
import io.grpc.stub.StreamObserver;

/** The PromiseLedgerService contract over gRPC: maps messages to the domain and back, nothing more. */
@Service
public class LedgerGrpcService extends PromiseLedgerServiceGrpc.PromiseLedgerServiceImplBase {

    private final Ledger ledger;

    public LedgerGrpcService(Ledger ledger) {
        this.ledger = ledger;
    }

    @Override
    public void getPromiseLedger(GetPromiseLedgerRequest request, StreamObserver<GetPromiseLedgerResponse> response) {
        Violations violations = new Violations();
        violations.require(request.getReason() != FollowUpReason.UNRECOGNIZED, "reason", "is not a known reason");
        // Unset (0) means the total only; a value this build does not know reaches the domain as null, refused.
        LedgerGrouping grouping = request.getGroupByValue() == 0 ? LedgerGrouping.NONE
                : LedgerMapper.GROUPINGS.toDomain(request.getGroupBy());
        Instant start = request.hasStartTime() ? ProtoTimes.instant(request.getStartTime(), "start_time", violations)
                : null;
        Instant end = request.hasEndTime() ? ProtoTimes.instant(request.getEndTime(), "end_time", violations) : null;
        LedgerReport report = ledger.compute(CurrentTenant.get(), new LedgerQuery(start, end, request.getOwner(),
                FollowUpMapper.REASONS.toDomain(request.getReason()), grouping), violations);
        GetPromiseLedgerResponse.Builder reply = GetPromiseLedgerResponse.newBuilder()
                .setStartTime(request.getStartTime())
                .setEndTime(request.getEndTime())
                .setComputeTime(ProtoTimes.timestamp(report.computeTime()))
                .setBeatTolerance(ProtoTimes.duration(report.beatTolerance()))
                .setTotal(LedgerMapper.toProto(report.total()));
        report.groups().forEach(group -> reply.addGroups(LedgerMapper.toProto(group)));
        reply(response, reply.build());
    }
}
