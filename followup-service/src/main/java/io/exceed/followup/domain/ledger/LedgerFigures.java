package io.exceed.followup.domain.ledger;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalDouble;

/** The ledger's figures for one set of follow-ups. A figure with nothing behind it is empty, never 0. */
public record LedgerFigures(long followUpCount, Promises promises, Sla sla, DetractorContact detractorContact) {

    /** Rates are over {@code judged} = kept + broken; the median margin is over the kept ones. */
    public record Promises(long judged, long kept, long beaten, long met, long broken, long pending, long withdrawn,
            OptionalDouble keptRate, OptionalDouble beatenRate, OptionalDouble brokenRate,
            Optional<Duration> medianOverDelivery) {
    }

    /** Adherence is met / judged, judged = met + missed. */
    public record Sla(long judged, long met, long missed, long pending, OptionalDouble adherence) {
    }

    /** Median and 90th percentile of creation to first contact, over {@code contacted}. */
    public record DetractorContact(long followUps, long contacted, Optional<Duration> median, Optional<Duration> p90) {
    }
}
