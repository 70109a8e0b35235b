package io.exceed.feedback.domain.outbound;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.exceed.defaults.error.Violations;
import io.exceed.feedback.domain.response.Channel;

/**
 * What a tenant's message template must be before it is stored: each fault is named by its field, so a template
 * that could not be written (an unknown variable, no plain text, no survey link in an invitation) is refused when it
 * is set, not found out when a customer's message is due.
 */
public final class MessageTemplateRules {

    private static final String PREFIX = "message_template.";
    static final int MAX_SUBJECT = 200;
    static final int MAX_PART_BYTES = 64 * 1024;
    static final int MAX_SMS_TEXT = 1_000;
    private static final Pattern LANGUAGE = Pattern.compile("[a-z]{2,8}");

    private MessageTemplateRules() {
    }

    /** Checks where a template is found: a channel templates exist for, a kind, a primary language subtag. */
    public static void checkKey(MessageTemplate.Key key, Violations violations) {
        if (key.channel() == null) {
            violations.add("channel", "is required: EMAIL or SMS");
        } else {
            violations.require(key.channel() == Channel.EMAIL || key.channel() == Channel.SMS, "channel",
                    "must be EMAIL or SMS: only their messages have templates");
        }
        violations.require(key.kind() != null, "kind", "is required");
        violations.require(key.language() != null && LANGUAGE.matcher(key.language()).matches(), "language",
                "must be a BCP 47 primary language subtag in lower case, 2 to 8 letters, e.g. \"de\"");
    }

    /** Checks the template and throws every violation found (with any already in {@code violations}). */
    public static void check(MessageTemplate template, Violations violations) {
        checkKey(template.key(), violations);
        boolean sms = template.channel() == Channel.SMS;
        String subject = orEmpty(template.subject());
        if (sms) {
            violations.require(subject.isEmpty(), PREFIX + "subject", "must be empty: an SMS has no subject");
        } else if (subject.isBlank()) {
            violations.add(PREFIX + "subject", "is required for e-mail");
        } else {
            violations.require(subject.codePointCount(0, subject.length()) <= MAX_SUBJECT, PREFIX + "subject",
                    "must be at most " + MAX_SUBJECT + " characters");
            violations.require(subject.chars().noneMatch(Character::isISOControl), PREFIX + "subject",
                    "must be one line, without control characters");
            checkVariables(subject, PREFIX + "subject", template.kind(), false, violations);
        }
        String text = orEmpty(template.text());
        if (text.isBlank()) {
            violations.add(PREFIX + "text", "is required: the plain-text part"
                    + (sms ? " (an SMS's whole message)" : ""));
        } else if (sms) {
            violations.require(text.codePointCount(0, text.length()) <= MAX_SMS_TEXT, PREFIX + "text",
                    "must be at most " + MAX_SMS_TEXT + " characters in an SMS");
            checkVariables(text, PREFIX + "text", template.kind(), true, violations);
        } else {
            checkPart(text, PREFIX + "text", template.kind(), violations);
        }
        if (template.html() != null) {
            if (sms) {
                violations.add(PREFIX + "html", "must be empty: an SMS has no HTML part");
            } else if (template.html().isBlank()) {
                violations.add(PREFIX + "html", "must not be blank: leave it out to have it made from the text");
            } else {
                checkPart(template.html(), PREFIX + "html", template.kind(), violations);
            }
        }
        violations.throwIfAny();
    }

    private static void checkPart(String part, String field, OutboundMessageKind kind, Violations violations) {
        violations.require(part.getBytes(StandardCharsets.UTF_8).length <= MAX_PART_BYTES, field,
                "must be at most 64 KiB (UTF-8)");
        checkVariables(part, field, kind, true, violations);
    }

    /**
     * Well-formed braces, only the kind's variables, and, in a message part of a kind with a survey link, that link:
     * without it the customer could not answer.
     */
    private static void checkVariables(String wording, String field, OutboundMessageKind kind, boolean part,
            Violations violations) {
        if (kind == null) {
            return;
        }
        Optional<String> fault = TemplateText.fault(wording);
        if (fault.isPresent()) {
            violations.add(field, "malformed variable: " + fault.get());
            return;
        }
        List<TemplateVariable> available = TemplateVariable.of(kind);
        String known = available.isEmpty() ? "none for " + kind
                : available.stream().map(TemplateVariable::placeholderName).collect(Collectors.joining(", "));
        Set<String> used = new LinkedHashSet<>(TemplateText.variables(wording));
        for (String name : used) {
            Optional<TemplateVariable> variable = TemplateVariable.named(name);
            if (variable.isEmpty()) {
                violations.add(field, "unknown variable {{" + name + "}}; known: " + known);
            } else if (!available.contains(variable.get())) {
                violations.add(field, "variable {{" + name + "}} has no value in " + kind + "; known: " + known);
            }
        }
        if (part && kind.carriesLink()) {
            violations.require(used.contains(TemplateVariable.SURVEY_LINK.placeholderName()), field,
                    "must hold " + TemplateVariable.SURVEY_LINK.placeholder() + ": the customer answers on it");
        }
    }

    private static String orEmpty(String value) {
        return value == null ? "" : value;
    }
}
