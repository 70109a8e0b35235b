package io.exceed.feedback.domain.response;

import io.exceed.feedback.domain.survey.SurveyPurpose;

/**
 * Ask to contact the customer on this channel, for a survey of this purpose, on the actor's behalf; a repeated
 * request id is answered as the first time, and counted once.
 */
public record ReserveContact(String customerId, Channel channel, SurveyPurpose purpose, String actor,
        String requestId) {
}
