package io.exceed.defaults.error;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.ErrorInfo;
import com.google.rpc.QuotaFailure;
import com.google.rpc.Status;

import io.grpc.StatusException;
import io.grpc.protobuf.StatusProto;

class GrpcErrorMapperTest {

    private final GrpcErrorMapper mapper = new GrpcErrorMapper();

    @Test
    void invalidArgumentNamesEveryField() throws InvalidProtocolBufferException {
        StatusException mapped = mapper.handleException(new InvalidArgumentException(List.of(
                new FieldViolation("customer.display_name", "is required"),
                new FieldViolation("customer.emails[1]", "is not a valid e-mail address"))));
        Status status = StatusProto.fromThrowable(mapped);
        assertThat(mapped.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INVALID_ARGUMENT);
        BadRequest badRequest = detail(status, BadRequest.class);
        assertThat(badRequest.getFieldViolationsList()).extracting(BadRequest.FieldViolation::getField)
                .containsExactly("customer.display_name", "customer.emails[1]");
        assertThat(detail(status, ErrorInfo.class).getDomain()).isEqualTo(GrpcErrorMapper.ERROR_DOMAIN);
    }

    @Test
    void eachDomainFailureHasItsCode() throws InvalidProtocolBufferException {
        assertThat(code(new NotFoundException("customer", "x"))).isEqualTo(io.grpc.Status.Code.NOT_FOUND);
        assertThat(code(new FailedPreconditionException("CUSTOMER_ERASED", "erased")))
                .isEqualTo(io.grpc.Status.Code.FAILED_PRECONDITION);
        assertThat(code(new AlreadyExistsException("TAKEN", "taken"))).isEqualTo(io.grpc.Status.Code.ALREADY_EXISTS);
        StatusException conflict = mapper.handleException(new VersionConflictException(3, 4));
        assertThat(conflict.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.ABORTED);
        ErrorInfo info = detail(StatusProto.fromThrowable(conflict), ErrorInfo.class);
        assertThat(info.getReason()).isEqualTo("VERSION_MISMATCH");
        assertThat(info.getMetadataMap()).containsEntry("expected_version", "3").containsEntry("current_version", "4");
    }

    @Test
    void aQuotaIsResourceExhaustedNamingTheLimitAndItsSetting() throws InvalidProtocolBufferException {
        StatusException mapped = mapper.handleException(new QuotaExceededException("WEBHOOK_ENDPOINT_LIMIT",
                "the tenant has 25 webhook endpoints", 25, "exceed.followup.webhooks.max-endpoints-per-tenant"));
        assertThat(mapped.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.RESOURCE_EXHAUSTED);
        Status status = StatusProto.fromThrowable(mapped);
        assertThat(detail(status, QuotaFailure.class).getViolations(0).getDescription())
                .isEqualTo("the tenant has 25 webhook endpoints");
        assertThat(detail(status, ErrorInfo.class).getMetadataMap()).containsEntry("limit", "25")
                .containsEntry("setting", "exceed.followup.webhooks.max-endpoints-per-tenant");
    }

    @Test
    void unexpectedFailureIsInternalWithoutInternals() {
        StatusException mapped = mapper.handleException(new IllegalStateException("secret connection string"));
        assertThat(mapped.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.INTERNAL);
        assertThat(mapped.getStatus().getDescription()).doesNotContain("secret");
    }

    @Test
    void statusExceptionsPassThrough() {
        StatusException mapped = mapper.handleException(io.grpc.Status.PERMISSION_DENIED.asRuntimeException());
        assertThat(mapped.getStatus().getCode()).isEqualTo(io.grpc.Status.Code.PERMISSION_DENIED);
    }

    private io.grpc.Status.Code code(DomainException exception) {
        return mapper.handleException(exception).getStatus().getCode();
    }

    private static <T extends com.google.protobuf.Message> T detail(Status status, Class<T> type)
            throws InvalidProtocolBufferException {
        for (Any any : status.getDetailsList()) {
            if (any.is(type)) {
                return any.unpack(type);
            }
        }
        throw new AssertionError("no " + type.getSimpleName() + " in " + status);
    }
}
