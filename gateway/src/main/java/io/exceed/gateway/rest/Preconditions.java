package io.exceed.gateway.rest;

import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;

import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.DynamicMessage;

import io.exceed.gateway.problem.FieldError;
import io.exceed.gateway.problem.GrpcProblems;
import io.exceed.gateway.problem.ProblemException;
import io.grpc.Status;

/**
 * ETags and HTTP preconditions, derived from the contracts rather than written per method: a message with a
 * top-level int64 {@code revision} (or, for customers, {@code version}) field is a versioned resource whose
 * strong ETag is {@code "<revision>"}; a request with the matching {@code expected_revision} (or
 * {@code expected_version}) field can be made conditional with {@code If-Match}, which sets that field, and the
 * service's ABORTED for a stale revision becomes 412.
 */
public final class Preconditions {

    private static final List<String> REVISION_FIELDS = List.of("revision", "version");
    private static final Pattern STRONG_TAG = Pattern.compile("\"(0|[1-9][0-9]{0,18})\"");

    private final boolean requireIfMatch;

    public Preconditions(boolean requireIfMatch) {
        this.requireIfMatch = requireIfMatch;
    }

    /** The field that versions a message: its top-level int64 {@code revision}, else {@code version}. */
    static Optional<FieldDescriptor> revisionField(Descriptor message) {
        return REVISION_FIELDS.stream().map(message::findFieldByName)
                .filter(field -> field != null && isInt64(field))
                .findFirst();
    }

    /** The request field that pins the revision the caller read: {@code expected_revision} or {@code expected_version}. */
    static Optional<FieldDescriptor> expectedRevisionField(Descriptor request) {
        return REVISION_FIELDS.stream().map(name -> request.findFieldByName("expected_" + name))
                .filter(field -> field != null && isInt64(field) && field.hasPresence())
                .findFirst();
    }

    /** The strong ETag of a reply of a versioned resource, quoted. */
    public static Optional<String> etag(DynamicMessage reply) {
        return revisionField(reply.getDescriptorForType()).map(field -> "\"" + reply.getField(field) + "\"");
    }

    /**
     * The request to send, with {@code If-Match} applied: {@code "<n>"} sets the expected revision, {@code *}
     * checks nothing. A PATCH of a versioned resource that pins no revision is a 428 when If-Match is required.
     * On a GET the header is checked against the reply instead ({@link #checkRead}).
     */
    public DynamicMessage apply(HttpMethod method, HttpHeaders headers, DynamicMessage request) {
        List<String> ifMatch = headers.getOrEmpty(HttpHeaders.IF_MATCH);
        Optional<FieldDescriptor> expected = expectedRevisionField(request.getDescriptorForType());
        if (ifMatch.isEmpty()) {
            if (requireIfMatch && method.equals(HttpMethod.PATCH) && expected.isPresent()
                    && !request.hasField(expected.get())) {
                throw new ProblemException(HttpStatus.PRECONDITION_REQUIRED,
                        "this update needs If-Match with the ETag you read (or " + expected.get().getName()
                                + " in the request), so it cannot overwrite a change you have not seen",
                        "IF_MATCH_REQUIRED", List.of(new FieldError(HttpHeaders.IF_MATCH, "required")));
            }
            return request;
        }
        Optional<Long> revision = parseIfMatch(ifMatch);
        if (method.equals(HttpMethod.GET) || revision.isEmpty()) {
            return request;
        }
        if (expected.isEmpty()) {
            throw ProblemException.badRequest("If-Match is not supported by this method: it has no revision to check",
                    List.of(new FieldError(HttpHeaders.IF_MATCH, "not supported here")));
        }
        FieldDescriptor field = expected.get();
        if (request.hasField(field) && (long) request.getField(field) != revision.get()) {
            throw ProblemException.badRequest("If-Match and " + field.getName() + " disagree",
                    List.of(new FieldError(HttpHeaders.IF_MATCH, "differs from " + field.getName() + " "
                            + request.getField(field))));
        }
        return request.toBuilder().setField(field, revision.get()).build();
    }

    /**
     * A backend failure as the caller sees it: ABORTED for a request that pinned a revision (by If-Match or in
     * the body) means the resource changed since that revision, a failed precondition (412).
     */
    public static Throwable translate(Throwable failure, DynamicMessage sent) {
        Optional<FieldDescriptor> expected = expectedRevisionField(sent.getDescriptorForType());
        if (Status.fromThrowable(failure).getCode() != Status.Code.ABORTED || expected.isEmpty()
                || !sent.hasField(expected.get())) {
            return failure;
        }
        ProblemException conflict = GrpcProblems.from(failure);
        return new ProblemException(HttpStatus.PRECONDITION_FAILED, conflict.detail(), conflict.code(),
                conflict.errors());
    }

    /**
     * Whether a read's reply is not modified for the caller: {@code If-None-Match} names its current ETag (RFC 9110
     * weak comparison); {@code If-Match} naming another one is a 412.
     *
     * @param etag the reply's ETag, quoted
     */
    public static boolean notModified(HttpHeaders request, String etag) {
        List<String> ifMatch = request.getOrEmpty(HttpHeaders.IF_MATCH);
        if (!ifMatch.isEmpty()) {
            Optional<Long> revision = parseIfMatch(ifMatch);
            if (revision.isPresent() && !etag.equals("\"" + revision.get() + "\"")) {
                throw new ProblemException(HttpStatus.PRECONDITION_FAILED,
                        "the resource has changed: its ETag is now " + etag, "VERSION_MISMATCH", List.of());
            }
        }
        for (String value : request.getOrEmpty(HttpHeaders.IF_NONE_MATCH)) {
            for (String tag : value.split(",")) {
                String candidate = tag.strip();
                if (candidate.startsWith("W/")) {
                    candidate = candidate.substring(2);
                }
                if (candidate.equals("*") || candidate.equals(etag)) {
                    return true;
                }
            }
        }
        return false;
    }

    /** The revision one strong ETag names, or empty for {@code *}; anything else is a 400 naming the header. */
    private static Optional<Long> parseIfMatch(List<String> values) {
        String value = String.join(",", values).strip();
        if (value.equals("*")) {
            return Optional.empty();
        }
        Matcher tag = STRONG_TAG.matcher(value);
        if (!tag.matches()) {
            throw ProblemException.badRequest("If-Match must be * or one strong ETag as this API sends it, e.g. \"7\"",
                    List.of(new FieldError(HttpHeaders.IF_MATCH, "malformed: " + abbreviate(value))));
        }
        try {
            return Optional.of(Long.parseLong(tag.group(1)));
        } catch (NumberFormatException tooLarge) {
            throw ProblemException.badRequest("If-Match names a revision out of range",
                    List.of(new FieldError(HttpHeaders.IF_MATCH, "out of range")));
        }
    }

    private static boolean isInt64(FieldDescriptor field) {
        return !field.isRepeated() && field.getType() == FieldDescriptor.Type.INT64;
    }

    private static String abbreviate(String value) {
        return value.length() <= 40 ? value : value.substring(0, 40) + "…";
    }
}
