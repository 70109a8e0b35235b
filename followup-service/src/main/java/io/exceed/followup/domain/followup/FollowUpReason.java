package io.exceed.followup.domain.followup;

/** Why a follow-up exists; the reason decides what its outcome must say and whether selling is off limits. */
public enum FollowUpReason {
    DETRACTOR_RECOVERY,
    COMPLAINT_ACKNOWLEDGEMENT,
    POST_RESOLUTION_CHECK_IN,
    LARGE_ORDER_CHECK_IN,
    RETENTION_MEETING,
    EXPECTATION_REFRESH,
    ADVOCATE_THANKS,
    AT_RISK_RECOVERY;

    /** Check-ins are for listening: "don't sell during that call". */
    public boolean isCheckIn() {
        return this == POST_RESOLUTION_CHECK_IN || this == LARGE_ORDER_CHECK_IN;
    }

    /** Where trust was broken, the outcome must say whether it was restored. */
    public boolean repairsTrust() {
        return this == DETRACTOR_RECOVERY || this == AT_RISK_RECOVERY || this == COMPLAINT_ACKNOWLEDGEMENT
                || this == RETENTION_MEETING;
    }
}
