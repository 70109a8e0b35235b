package io.exceed.followup.api;

import io.exceed.defaults.api.ProtoEnums;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.followup.domain.ledger.LedgerFigures;
import io.exceed.followup.domain.ledger.LedgerGrouping;
import io.exceed.followup.domain.ledger.LedgerReport;
import io.exceed.followup.v1.DetractorContactFigures;
import io.exceed.followup.v1.LedgerGroup;
import io.exceed.followup.v1.PromiseFigures;
import io.exceed.followup.v1.SlaFigures;

/** Ledger messages from the domain; absent figures stay unset. */
final class LedgerMapper {

    static final ProtoEnums<io.exceed.followup.v1.LedgerGrouping, LedgerGrouping> GROUPINGS = new ProtoEnums<>(
            LedgerGrouping.class, "LEDGER_GROUPING_", io.exceed.followup.v1.LedgerGrouping.getDescriptor(),
            io.exceed.followup.v1.LedgerGrouping::valueOf);

    private LedgerMapper() {
    }

    static LedgerGroup toProto(LedgerReport.Group group) {
        LedgerGroup.Builder proto = LedgerGroup.newBuilder().setFigures(toProto(group.figures()));
        if (group.owner() != null) {
            proto.setOwner(group.owner());
        }
        if (group.reason() != null) {
            proto.setReason(FollowUpMapper.REASONS.toProto(group.reason()));
        }
        return proto.build();
    }

    static io.exceed.followup.v1.LedgerFigures toProto(LedgerFigures figures) {
        LedgerFigures.Promises promises = figures.promises();
        PromiseFigures.Builder promiseFigures = PromiseFigures.newBuilder()
                .setJudgedCount(promises.judged())
                .setKeptCount(promises.kept())
                .setBeatenCount(promises.beaten())
                .setMetCount(promises.met())
                .setBrokenCount(promises.broken())
                .setPendingCount(promises.pending())
                .setWithdrawnCount(promises.withdrawn());
        promises.keptRate().ifPresent(promiseFigures::setKeptRate);
        promises.beatenRate().ifPresent(promiseFigures::setBeatenRate);
        promises.brokenRate().ifPresent(promiseFigures::setBrokenRate);
        promises.medianOverDelivery().ifPresent(median -> promiseFigures.setMedianOverDelivery(
                ProtoTimes.duration(median)));
        LedgerFigures.Sla sla = figures.sla();
        SlaFigures.Builder slaFigures = SlaFigures.newBuilder()
                .setJudgedCount(sla.judged())
                .setMetCount(sla.met())
                .setMissedCount(sla.missed())
                .setPendingCount(sla.pending());
        sla.adherence().ifPresent(slaFigures::setAdherence);
        LedgerFigures.DetractorContact contact = figures.detractorContact();
        DetractorContactFigures.Builder contactFigures = DetractorContactFigures.newBuilder()
                .setFollowUpCount(contact.followUps())
                .setContactedCount(contact.contacted());
        contact.median().ifPresent(median -> contactFigures.setMedianTimeToFirstContact(ProtoTimes.duration(median)));
        contact.p90().ifPresent(p90 -> contactFigures.setP90TimeToFirstContact(ProtoTimes.duration(p90)));
        return io.exceed.followup.v1.LedgerFigures.newBuilder()
                .setFollowUpCount(figures.followUpCount())
                .setPromises(promiseFigures)
                .setSla(slaFigures)
                .setDetractorContact(contactFigures)
                .build();
    }
}
