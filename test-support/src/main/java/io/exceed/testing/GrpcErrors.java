package io.exceed.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.util.List;

import org.assertj.core.api.ThrowableAssert.ThrowingCallable;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/** Assertions on the gRPC statuses and their {@code google.rpc} details. */
public final class GrpcErrors {

    private GrpcErrors() {
    }

    /** Runs {@code call}, asserts it fails with {@code code} and returns the failure. */
    public static StatusRuntimeException assertStatus(Status.Code code, ThrowingCallable call) {
        Throwable thrown = catchThrowable(call);
        assertThat(thrown).as("expected the call to fail with %s", code).isInstanceOf(StatusRuntimeException.class);
        StatusRuntimeException e = (StatusRuntimeException) thrown;
        assertThat(e.getStatus().getCode()).as("status code (%s)", e.getStatus()).isEqualTo(code);
        return e;
    }

    /** Asserts INVALID_ARGUMENT whose BadRequest names (at least) {@code fields}; returns the failure. */
    public static StatusRuntimeException assertInvalid(ThrowingCallable call, String... fields) {
        StatusRuntimeException e = assertStatus(Status.Code.INVALID_ARGUMENT, call);
        assertThat(violationFields(e)).as("field violations of %s", e.getStatus()).contains(fields);
        return e;
    }

    /** Asserts INVALID_ARGUMENT with a violation of a field starting with {@code prefix}. */
    public static StatusRuntimeException assertInvalidUnder(ThrowingCallable call, String prefix) {
        StatusRuntimeException e = assertStatus(Status.Code.INVALID_ARGUMENT, call);
        assertThat(violationFields(e)).as("field violations of %s", e.getStatus())
                .anySatisfy(field -> assertThat(field).startsWith(prefix));
        return e;
    }

    /** Asserts {@code code} and the ErrorInfo reason; returns the failure. */
    public static StatusRuntimeException assertStatus(Status.Code code, String reason, ThrowingCallable call) {
        StatusRuntimeException e = assertStatus(code, call);
        assertThat(reason(e)).as("ErrorInfo reason of %s", e.getStatus()).isEqualTo(reason);
        return e;
    }

    /** The fields named by the BadRequest detail (empty if there is none). */
    public static List<String> violationFields(Throwable e) {
        return details(e, BadRequest.class).stream()
                .flatMap(b -> b.getFieldViolationsList().stream())
                .map(BadRequest.FieldViolation::getField)
                .toList();
    }

    /** The ErrorInfo detail's reason; fails if there is no ErrorInfo. */
    public static String reason(Throwable e) {
        List<ErrorInfo> infos = details(e, ErrorInfo.class);
        assertThat(infos).as("ErrorInfo details").hasSize(1);
        assertThat(infos.get(0).getDomain()).isEqualTo("exceed.io");
        return infos.get(0).getReason();
    }

    private static <T extends com.google.protobuf.Message> List<T> details(Throwable e, Class<T> type) {
        com.google.rpc.Status status = StatusProto.fromThrowable(e);
        if (status == null) {
            return List.of();
        }
        return status.getDetailsList().stream().filter(any -> any.is(type)).map(any -> unpack(any, type)).toList();
    }

    private static <T extends com.google.protobuf.Message> T unpack(Any any, Class<T> type) {
        try {
            return any.unpack(type);
        } catch (InvalidProtocolBufferException ex) {
            throw new AssertionError("cannot unpack " + type.getSimpleName(), ex);
        }
    }
}
