package io.exceed.defaults.api;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;
import java.util.function.Predicate;

import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.Descriptors;
import com.google.protobuf.Message;

import io.exceed.defaults.error.InvalidArgumentException;

/**
 * Page sizes and opaque page tokens shared by every List method. A token carries the position after
 * the last item returned and a fingerprint of the filters, so a token cannot be replayed with other
 * filters.
 */
public final class Paging {

    public static final int DEFAULT_PAGE_SIZE = 50;
    public static final int MAX_PAGE_SIZE = 500;
    private static final String VERSION = "1";

    private Paging() {
    }

    /** The page size to use for a requested {@code page_size}; 0 means the default. */
    public static int pageSize(int requested) {
        if (requested < 0 || requested > MAX_PAGE_SIZE) {
            throw InvalidArgumentException.of("page_size", "must be between 0 and " + MAX_PAGE_SIZE
                    + " (0 means " + DEFAULT_PAGE_SIZE + "), got " + requested);
        }
        return requested == 0 ? DEFAULT_PAGE_SIZE : requested;
    }

    /** A token that resumes after {@code position} for the same {@code filterFingerprint}. */
    public static String token(String position, String filterFingerprint) {
        String raw = VERSION + "\n" + filterFingerprint + "\n" + position;
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * A fingerprint of a List request's filters: the request without its page fields, serialised
     * deterministically (map entries sorted) and hashed.
     */
    public static String fingerprint(Message request) {
        Message.Builder filters = request.toBuilder();
        for (String pageField : new String[] { "page_token", "page_size" }) {
            Descriptors.FieldDescriptor field = request.getDescriptorForType().findFieldByName(pageField);
            if (field != null) {
                filters.clearField(field);
            }
        }
        try {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            CodedOutputStream output = CodedOutputStream.newInstance(bytes);
            output.useDeterministicSerialization();
            filters.build().writeTo(output);
            output.flush();
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(bytes.toByteArray());
            return HexFormat.of().formatHex(digest, 0, 8);
        } catch (IOException | NoSuchAlgorithmException e) {
            throw new IllegalStateException("cannot fingerprint " + request.getDescriptorForType().getFullName(), e);
        }
    }

    /**
     * The position a {@code page_token} resumes after; empty for the first page. A token whose position
     * is not {@code wellFormed} was not issued by this service.
     */
    public static Optional<String> position(String token, String filterFingerprint, Predicate<String> wellFormed) {
        Optional<String> position = position(token, filterFingerprint);
        if (position.isPresent() && !wellFormed.test(position.get())) {
            throw invalidToken("is not a token this service issued");
        }
        return position;
    }

    private static Optional<String> position(String token, String filterFingerprint) {
        if (token == null || token.isEmpty()) {
            return Optional.empty();
        }
        String[] parts;
        try {
            parts = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8).split("\n", 3);
        } catch (IllegalArgumentException e) {
            throw invalidToken("is not a token this service issued");
        }
        if (parts.length != 3 || !VERSION.equals(parts[0]) || parts[2].isEmpty()) {
            throw invalidToken("is not a token this service issued");
        }
        if (!parts[1].equals(filterFingerprint)) {
            throw invalidToken("was issued for different filters; repeat the filters of the first page");
        }
        return Optional.of(parts[2]);
    }

    private static InvalidArgumentException invalidToken(String why) {
        return InvalidArgumentException.of("page_token", why);
    }
}
