package io.exceed.followup.domain.playbook;

/** Evaluate the active playbooks against an event; with {@code validateOnly}, build the follow-ups, store none. */
public record EvaluatePlaybooks(PlaybookEvent event, boolean validateOnly, String actor) {

    public EvaluatePlaybooks withEvent(PlaybookEvent completed) {
        return new EvaluatePlaybooks(completed, validateOnly, actor);
    }
}
