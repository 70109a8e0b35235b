package io.exceed.followup.domain.ledger;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalDouble;
import java.util.TreeMap;

import io.exceed.followup.domain.followup.FollowUp;
import io.exceed.followup.domain.followup.FollowUpReason;
import io.exceed.followup.domain.followup.FollowUpStatus;

/**
 * Computes the promise ledger of a set of follow-ups as it stands at {@code now}: promises kept, beaten and
 * broken with the over-delivery margin, SLA adherence, and time to first contact for detractors.
 *
 * <p>A promise is delivered at the first contact, because contact is what the customer was promised by the
 * promised time; a follow-up completed without a recorded start (escalated, then done) delivered when it was
 * completed. Every instant compared is inclusive for the follow-up: on the promised time is kept, done on the
 * SLA deadline met, and an open follow-up is late only once {@code now} is past the time.
 */
public final class PromiseLedger {

    private static final Comparator<Key> KEY_ORDER = Comparator
            .comparing(Key::owner, Comparator.nullsFirst(Comparator.<String>naturalOrder()))
            .thenComparing(Key::reason, Comparator.nullsFirst(Comparator.<FollowUpReason>naturalOrder()));

    private final Duration beatTolerance;

    /** @param beatTolerance how far ahead of the promised time a delivery must be to count as beating it */
    public PromiseLedger(Duration beatTolerance) {
        this.beatTolerance = beatTolerance;
    }

    public LedgerReport compute(Iterable<FollowUp> followUps, LedgerGrouping grouping, Instant now) {
        Tally total = new Tally();
        Map<Key, Tally> groups = new TreeMap<>(KEY_ORDER);
        for (FollowUp followUp : followUps) {
            total.add(followUp, now);
            if (grouping != LedgerGrouping.NONE) {
                Key key = new Key(grouping.byOwner() ? followUp.owner() : null,
                        grouping.byReason() ? followUp.reason() : null);
                groups.computeIfAbsent(key, k -> new Tally()).add(followUp, now);
            }
        }
        List<LedgerReport.Group> reported = new ArrayList<>();
        groups.forEach((key, tally) -> reported.add(new LedgerReport.Group(key.owner(), key.reason(),
                tally.figures())));
        return new LedgerReport(now, beatTolerance, total.figures(), reported);
    }

    /** When the promise was delivered, or null if it has not been. */
    public static Instant delivery(FollowUp followUp) {
        if (followUp.firstContactTime() != null) {
            return followUp.firstContactTime();
        }
        return followUp.status() == FollowUpStatus.DONE ? followUp.closeTime() : null;
    }

    /**
     * Kept (beaten or met) when delivered at or before the promised time; broken when delivered after it, or not
     * delivered once it has passed (open, or cancelled after it); otherwise pending (open) or withdrawn (cancelled).
     */
    public PromiseOutcome judge(FollowUp followUp, Instant now) {
        Instant promised = followUp.promisedTime();
        Instant delivered = delivery(followUp);
        if (delivered != null) {
            if (delivered.isAfter(promised)) {
                return PromiseOutcome.BROKEN;
            }
            return Duration.between(delivered, promised).compareTo(beatTolerance) > 0 ? PromiseOutcome.BEATEN
                    : PromiseOutcome.MET;
        }
        if (followUp.status() == FollowUpStatus.CANCELLED) {
            return followUp.closeTime().isAfter(promised) ? PromiseOutcome.BROKEN : PromiseOutcome.WITHDRAWN;
        }
        return now.isAfter(promised) ? PromiseOutcome.BROKEN : PromiseOutcome.PENDING;
    }

    /** Median; the mean of the two middle values for an even count. */
    static Optional<Duration> median(List<Duration> sorted) {
        int n = sorted.size();
        if (n == 0) {
            return Optional.empty();
        }
        return Optional.of(n % 2 == 1 ? sorted.get(n / 2) : sorted.get(n / 2 - 1).plus(sorted.get(n / 2)).dividedBy(2));
    }

    /** Nearest-rank percentile: the value at rank ⌈n · percent / 100⌉. */
    static Optional<Duration> percentile(List<Duration> sorted, int percent) {
        int n = sorted.size();
        return n == 0 ? Optional.empty() : Optional.of(sorted.get((int) (((long) n * percent + 99) / 100 - 1)));
    }

    private static OptionalDouble ratio(long part, long whole) {
        return whole == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) part / whole);
    }

    private record Key(String owner, FollowUpReason reason) {
    }

    /** Counts and durations of one set, from which its figures follow. */
    private final class Tally {

        private long followUps;
        private final Map<PromiseOutcome, Long> promises = new EnumMap<>(PromiseOutcome.class);
        private final List<Duration> margins = new ArrayList<>();
        private long slaMet;
        private long slaMissed;
        private long slaPending;
        private long detractors;
        private final List<Duration> timesToContact = new ArrayList<>();

        void add(FollowUp followUp, Instant now) {
            followUps++;
            PromiseOutcome outcome = judge(followUp, now);
            promises.merge(outcome, 1L, Long::sum);
            Instant delivered = delivery(followUp);
            if (outcome.isKept()) {
                margins.add(Duration.between(delivered, followUp.promisedTime()));
            }
            addSla(followUp, now);
            if (followUp.reason() == FollowUpReason.DETRACTOR_RECOVERY) {
                detractors++;
                if (delivered != null) {
                    timesToContact.add(Duration.between(followUp.createTime(), delivered));
                }
            }
        }

        /** Met when done by the deadline; missed when done later, or not done once it has passed. */
        private void addSla(FollowUp followUp, Instant now) {
            Instant deadline = followUp.slaDeadline();
            switch (followUp.status()) {
                case DONE -> {
                    if (followUp.closeTime().isAfter(deadline)) {
                        slaMissed++;
                    } else {
                        slaMet++;
                    }
                }
                // Called off before the deadline, there was nothing left to be late with.
                case CANCELLED -> {
                    if (followUp.closeTime().isAfter(deadline)) {
                        slaMissed++;
                    }
                }
                default -> {
                    if (now.isAfter(deadline)) {
                        slaMissed++;
                    } else {
                        slaPending++;
                    }
                }
            }
        }

        LedgerFigures figures() {
            long beaten = count(PromiseOutcome.BEATEN);
            long met = count(PromiseOutcome.MET);
            long kept = beaten + met;
            long broken = count(PromiseOutcome.BROKEN);
            long judged = kept + broken;
            margins.sort(null);
            timesToContact.sort(null);
            long slaJudged = slaMet + slaMissed;
            return new LedgerFigures(followUps,
                    new LedgerFigures.Promises(judged, kept, beaten, met, broken, count(PromiseOutcome.PENDING),
                            count(PromiseOutcome.WITHDRAWN), ratio(kept, judged), ratio(beaten, judged),
                            ratio(broken, judged), median(margins)),
                    new LedgerFigures.Sla(slaJudged, slaMet, slaMissed, slaPending, ratio(slaMet, slaJudged)),
                    new LedgerFigures.DetractorContact(detractors, timesToContact.size(), median(timesToContact),
                            percentile(timesToContact, 90)));
        }

        private long count(PromiseOutcome outcome) {
            return promises.getOrDefault(outcome, 0L);
        }
    }
}
