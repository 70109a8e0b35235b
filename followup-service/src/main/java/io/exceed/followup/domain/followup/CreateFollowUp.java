package io.exceed.followup.domain.followup;

import java.util.Optional;

/** Schedule the follow-up a draft asks for; a repeated request id returns the one it scheduled. */
public record CreateFollowUp(FollowUpDraft draft, String actor, Optional<String> requestId) {
}
