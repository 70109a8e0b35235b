package io.exceed.defaults.api;

import java.util.Optional;
import java.util.function.Predicate;

import com.google.protobuf.Message;

/**
 * A List request's paging, read once: how many items, where to resume, and the filter fingerprint that the
 * next page's token must carry.
 *
 * @param size        items per page
 * @param after       the position to resume after; empty for the first page
 * @param fingerprint the filters the token is bound to
 */
public record PageRequest(int size, Optional<String> after, String fingerprint) {

    /** Reads {@code page_size} and {@code page_token} of a List request; a malformed one is INVALID_ARGUMENT. */
    public static PageRequest of(Message request, int pageSize, String pageToken, Predicate<String> wellFormedPosition) {
        int size = Paging.pageSize(pageSize);
        String fingerprint = Paging.fingerprint(request);
        return new PageRequest(size, Paging.position(pageToken, fingerprint, wellFormedPosition), fingerprint);
    }

    /** The {@code next_page_token} for a page that ended at {@code nextPosition}; empty on the last page. */
    public String nextPageToken(Optional<String> nextPosition) {
        return nextPosition.map(position -> Paging.token(position, fingerprint)).orElse("");
    }
}
