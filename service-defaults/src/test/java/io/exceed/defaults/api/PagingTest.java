package io.exceed.defaults.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Optional;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Struct;
import com.google.protobuf.Value;

import io.exceed.defaults.error.InvalidArgumentException;

class PagingTest {

    @Test
    void pageSizeDefaultsAndBounds() {
        assertThat(Paging.pageSize(0)).isEqualTo(Paging.DEFAULT_PAGE_SIZE);
        assertThat(Paging.pageSize(1)).isEqualTo(1);
        assertThat(Paging.pageSize(Paging.MAX_PAGE_SIZE)).isEqualTo(Paging.MAX_PAGE_SIZE);
        assertThatThrownBy(() -> Paging.pageSize(-1)).isInstanceOf(InvalidArgumentException.class)
                .satisfies(e -> assertThat(((InvalidArgumentException) e).violations().getFirst().field()).isEqualTo("page_size"));
        assertThatThrownBy(() -> Paging.pageSize(Paging.MAX_PAGE_SIZE + 1)).isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void tokenRoundTripsForTheSameFilters() {
        String token = Paging.token("0190-abc", "f1");
        assertThat(Paging.position(token, "f1", position -> true)).contains("0190-abc");
        assertThat(Paging.position("", "f1", position -> true)).isEqualTo(Optional.empty());
    }

    @Test
    void tokenForOtherFiltersOrForgedIsRejected() {
        String token = Paging.token("0190-abc", "f1");
        assertThatThrownBy(() -> Paging.position(token, "f2", position -> true))
                .isInstanceOf(InvalidArgumentException.class).hasMessageContaining("page_token");
        assertThatThrownBy(() -> Paging.position("not base64 !!", "f1", position -> true))
                .isInstanceOf(InvalidArgumentException.class);
        assertThatThrownBy(() -> Paging.position(token, "f1", position -> false))
                .isInstanceOf(InvalidArgumentException.class);
    }

    @Test
    void fingerprintIgnoresPagingAndMapOrder() {
        Struct ab = Struct.newBuilder().putFields("a", text("1")).putFields("b", text("2")).build();
        Struct ba = Struct.newBuilder().putFields("b", text("2")).putFields("a", text("1")).build();
        Struct other = Struct.newBuilder().putFields("a", text("9")).build();
        assertThat(Paging.fingerprint(ab)).isEqualTo(Paging.fingerprint(ba));
        assertThat(Paging.fingerprint(ab)).isNotEqualTo(Paging.fingerprint(other));
    }

    private static Value text(String value) {
        return Value.newBuilder().setStringValue(value).build();
    }
}
