package io.exceed.followup.domain.playbook;

import java.time.Instant;

import io.exceed.defaults.error.FailedPreconditionException;

/** A tenant's playbook at one version. Updates make the next version; archiving stops its evaluation. */
public record Playbook(String id, int version, PlaybookDefinition definition, PlaybookState state, long revision,
        Instant createTime, Instant updateTime) {

    /** How the follow-ups it schedules name it. */
    public String reference() {
        return "playbooks/" + id + "/versions/" + version;
    }

    public Playbook update(PlaybookDefinition next, Instant now) {
        if (state == PlaybookState.ARCHIVED) {
            throw new FailedPreconditionException("PLAYBOOK_ARCHIVED",
                    "playbook '" + id + "' is archived and cannot be updated");
        }
        return new Playbook(id, version + 1, next, state, revision + 1, createTime, now);
    }

    public Playbook archive(Instant now) {
        return new Playbook(id, version, definition, PlaybookState.ARCHIVED, revision + 1, createTime, now);
    }
}
