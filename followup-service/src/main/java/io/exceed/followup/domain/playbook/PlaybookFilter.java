package io.exceed.followup.domain.playbook;

/** Which playbooks a listing returns; null fields do not filter. */
public record PlaybookFilter(EventKind eventKind, PlaybookState state) {
}
