package io.exceed.feedback.domain.outbound;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/** What a template may put in its wording, written {@code {{name}}}; each kind of message offers its own. */
public enum TemplateVariable {
    /** The survey link, for the customer alone. */
    SURVEY_LINK("survey_link"),
    /** The date the survey link works until (UTC), YYYY-MM-DD. */
    EXPIRY_DATE("expiry_date"),
    /** The complaint's acknowledgement text. */
    ACKNOWLEDGEMENT("acknowledgement");

    private final String placeholderName;

    TemplateVariable(String placeholderName) {
        this.placeholderName = placeholderName;
    }

    /** As written between the braces. */
    public String placeholderName() {
        return placeholderName;
    }

    public String placeholder() {
        return "{{" + placeholderName + "}}";
    }

    public static Optional<TemplateVariable> named(String name) {
        return Arrays.stream(values()).filter(variable -> variable.placeholderName.equals(name)).findFirst();
    }

    /** The variables a message of {@code kind} has values for. */
    public static List<TemplateVariable> of(OutboundMessageKind kind) {
        return switch (kind) {
            case SURVEY_INVITATION, RECOVERY_INVITATION, REMINDER -> List.of(SURVEY_LINK, EXPIRY_DATE);
            case COMPLAINT_ACKNOWLEDGEMENT -> List.of(ACKNOWLEDGEMENT);
            case THANK_YOU -> List.of();
        };
    }
}
