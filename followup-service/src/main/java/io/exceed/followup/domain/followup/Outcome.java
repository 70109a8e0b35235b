package io.exceed.followup.domain.followup;

/**
 * How a follow-up went. Booleans are nullable so "not answered" can be told apart from "no".
 *
 * @param notes             what happened, in the owner's words
 * @param trustRestored     whether broken trust was rebuilt (required where trust was broken)
 * @param goodwillGesture   the extra mile given, empty if none
 * @param customerSatisfied whether the customer said they were satisfied
 */
public record Outcome(String notes, Boolean trustRestored, String goodwillGesture, Boolean customerSatisfied) {
}
