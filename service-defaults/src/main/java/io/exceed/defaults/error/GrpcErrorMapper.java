package io.exceed.defaults.error;

import java.util.Map;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.grpc.server.exception.GrpcExceptionHandler;

import com.google.protobuf.Any;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.rpc.BadRequest;
import com.google.rpc.Code;
import com.google.rpc.ErrorInfo;
import com.google.rpc.QuotaFailure;
import com.google.rpc.ResourceInfo;
import com.google.rpc.Status;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;

import io.grpc.StatusException;
import io.grpc.StatusRuntimeException;
import io.grpc.protobuf.StatusProto;

/**
 * The one place where failures become gRPC statuses with {@code google.rpc} details. Nothing escapes
 * as UNKNOWN: an unexpected exception is logged and answered INTERNAL without internals.
 */
public class GrpcErrorMapper implements GrpcExceptionHandler {

    public static final String ERROR_DOMAIN = "exceed.io";
    private static final Logger log = LoggerFactory.getLogger(GrpcErrorMapper.class);

    @Override
    public StatusException handleException(Throwable exception) {
        if (exception instanceof StatusException statusException) {
            return statusException;
        }
        if (exception instanceof StatusRuntimeException runtime) {
            return runtime.getStatus().asException(runtime.getTrailers());
        }
        if (exception instanceof DomainException domain) {
            return StatusProto.toStatusException(toStatus(domain));
        }
        if (exception instanceof MongoTimeoutException || exception instanceof MongoSocketException) {
            log.warn("storage unreachable", exception);
            return StatusProto.toStatusException(status(Code.UNAVAILABLE, "storage is unavailable; retry later",
                    errorInfo("STORAGE_UNAVAILABLE", Map.of())));
        }
        log.error("unexpected failure", exception);
        return StatusProto.toStatusException(status(Code.INTERNAL, "internal error",
                errorInfo("INTERNAL", Map.of())));
    }

    /** The reason a service gave for refusing a call (its google.rpc.ErrorInfo), if it gave one. */
    public static Optional<String> reason(StatusRuntimeException refusal) {
        Status status = StatusProto.fromThrowable(refusal);
        return status == null ? Optional.empty() : status.getDetailsList().stream()
                .filter(detail -> detail.is(ErrorInfo.class))
                .map(detail -> {
                    try {
                        return detail.unpack(ErrorInfo.class).getReason();
                    } catch (InvalidProtocolBufferException unreadable) {
                        return "";
                    }
                })
                .filter(reason -> !reason.isEmpty())
                .findFirst();
    }

    static Status toStatus(DomainException exception) {
        return switch (exception) {
            case InvalidArgumentException invalid -> {
                BadRequest.Builder badRequest = BadRequest.newBuilder();
                invalid.violations().forEach(v -> badRequest.addFieldViolationsBuilder()
                        .setField(v.field())
                        .setDescription(v.description()));
                yield status(Code.INVALID_ARGUMENT, invalid.getMessage(), Any.pack(badRequest.build()),
                        errorInfo(invalid.reason(), Map.of()));
            }
            case NotFoundException notFound -> status(Code.NOT_FOUND, notFound.getMessage(),
                    Any.pack(ResourceInfo.newBuilder()
                            .setResourceType(notFound.resourceType())
                            .setResourceName(notFound.resourceId())
                            .build()),
                    errorInfo(notFound.reason(), Map.of()));
            case FailedPreconditionException failed -> status(Code.FAILED_PRECONDITION, failed.getMessage(),
                    errorInfo(failed.reason(), Map.of()));
            case AlreadyExistsException exists -> status(Code.ALREADY_EXISTS, exists.getMessage(),
                    errorInfo(exists.reason(), Map.of()));
            case QuotaExceededException quota -> status(Code.RESOURCE_EXHAUSTED, quota.getMessage(),
                    Any.pack(QuotaFailure.newBuilder().addViolations(QuotaFailure.Violation.newBuilder()
                            .setSubject("tenant").setDescription(quota.getMessage())).build()),
                    errorInfo(quota.reason(), Map.of("limit", Long.toString(quota.limit()),
                            "setting", quota.setting())));
            case VersionConflictException conflict -> status(Code.ABORTED, conflict.getMessage(),
                    errorInfo(conflict.reason(), Map.of(
                            "expected_version", Long.toString(conflict.expectedVersion()),
                            "current_version", Long.toString(conflict.actualVersion()))));
        };
    }

    private static Status status(Code code, String message, Any... details) {
        Status.Builder status = Status.newBuilder().setCode(code.getNumber()).setMessage(message);
        for (Any detail : details) {
            status.addDetails(detail);
        }
        return status.build();
    }

    private static Any errorInfo(String reason, Map<String, String> metadata) {
        return Any.pack(ErrorInfo.newBuilder()
                .setReason(reason)
                .setDomain(ERROR_DOMAIN)
                .putAllMetadata(metadata)
                .build());
    }
}
