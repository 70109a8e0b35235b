package io.exceed.eventing;

import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;

import com.google.protobuf.Message;

import io.exceed.common.v1.DeadLetterState;
import io.exceed.defaults.api.PageRequest;
import io.exceed.defaults.api.ProtoTimes;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.paging.Page;
import io.exceed.defaults.tenancy.CurrentTenant;

/**
 * The dead letters' contract, the same in every service ({@code exceed.<service>.v1.*DeadLetterService} differ
 * only in their package): each service's gRPC endpoint hands its requests' fields here.
 */
public final class DeadLetterEndpoint {

    /** One page of the contract's dead letters and the token of the next. */
    public record Listing(List<io.exceed.common.v1.DeadLetter> deadLetters, String nextPageToken) {
    }

    private static final Pattern ID_POSITION = Pattern.compile("[0-9a-f-]{36}");

    private final DeadLetters deadLetters;

    public DeadLetterEndpoint(DeadLetters deadLetters) {
        this.deadLetters = deadLetters;
    }

    /** ListDeadLetters of the calling tenant; {@code request} binds the page token to its filter. */
    public Listing list(Message request, DeadLetterState state, int pageSize, String pageToken) {
        PageRequest paging = PageRequest.of(request, pageSize, pageToken, ID_POSITION.asMatchPredicate());
        Violations violations = new Violations();
        violations.require(state != DeadLetterState.UNRECOGNIZED, "state", "is not a known state");
        violations.throwIfAny();
        Optional<DeadLetters.State> wanted = switch (state) {
            case DEAD_LETTER_STATE_OPEN -> Optional.of(DeadLetters.State.OPEN);
            case DEAD_LETTER_STATE_RESOLVED -> Optional.of(DeadLetters.State.RESOLVED);
            case DEAD_LETTER_STATE_UNSPECIFIED, UNRECOGNIZED -> Optional.empty();
        };
        Page<DeadLetters.DeadLetter> page = deadLetters.list(CurrentTenant.get(), wanted, paging.after(),
                paging.size());
        return new Listing(page.items().stream().map(DeadLetterEndpoint::toProto).toList(),
                paging.nextPageToken(page.nextPosition()));
    }

    /** RetryDeadLetter of the calling tenant. */
    public io.exceed.common.v1.DeadLetter retry(String deadLetterId) {
        Violations violations = new Violations();
        violations.require(!deadLetterId.isBlank(), "dead_letter_id", "is required");
        violations.throwIfAny();
        return toProto(deadLetters.retry(CurrentTenant.get(), deadLetterId.strip()));
    }

    static io.exceed.common.v1.DeadLetter toProto(DeadLetters.DeadLetter deadLetter) {
        return io.exceed.common.v1.DeadLetter.newBuilder()
                .setId(deadLetter.id())
                .setConsumer(deadLetter.consumer())
                .setSubject(deadLetter.subject())
                .setCustomerId(deadLetter.customerId() == null ? "" : deadLetter.customerId())
                .setReason(deadLetter.reason())
                .setState(switch (deadLetter.state()) {
                    case OPEN -> DeadLetterState.DEAD_LETTER_STATE_OPEN;
                    case RESOLVED -> DeadLetterState.DEAD_LETTER_STATE_RESOLVED;
                })
                .setRetryCount(deadLetter.retries())
                .setCreateTime(ProtoTimes.timestamp(deadLetter.createTime()))
                .setUpdateTime(ProtoTimes.timestamp(deadLetter.updateTime()))
                .build();
    }
}
