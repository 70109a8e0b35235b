package io.exceed.feedback.domain.complaint;

/** How a complaint arrived. */
public enum ComplaintChannel {
    EMAIL, PHONE, WEB_FORM, CHAT, IN_PERSON, SOCIAL_MEDIA, POST
}
