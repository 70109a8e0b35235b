package io.exceed.followup.domain.playbook;

/** Which events a playbook reacts to: its kind, and every condition that is set (null conditions are not). */
public record Trigger(EventKind eventKind, Integer maxNpsScore, Severity minSeverity, Money minOrderValue) {

    public boolean matches(PlaybookEvent event) {
        return event.kind() == eventKind
                && (maxNpsScore == null || event.npsScore() != null && event.npsScore() <= maxNpsScore)
                && (minSeverity == null || event.severity() != null && event.severity().compareTo(minSeverity) >= 0)
                && (minOrderValue == null || event.orderValue() != null && event.orderValue().isAtLeast(minOrderValue));
    }
}
