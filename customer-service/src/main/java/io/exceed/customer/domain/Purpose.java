package io.exceed.customer.domain;

/** Why a customer is contacted. */
public enum Purpose {
    RELATIONSHIP_SURVEY(false),
    TRANSACTIONAL_SURVEY(false),
    RECOVERY(true),
    COMPLAINT_ACKNOWLEDGEMENT(true),
    CHECK_IN(false),
    RETENTION(true),
    EXPECTATION_REFRESH(false),
    ADVOCATE_THANKS(false);

    private final boolean recovery;

    Purpose(boolean recovery) {
        this.recovery = recovery;
    }

    /** Recovery contacts repair broken trust, so they may exceed the contact budget (never consent). */
    public boolean isRecovery() {
        return recovery;
    }
}
