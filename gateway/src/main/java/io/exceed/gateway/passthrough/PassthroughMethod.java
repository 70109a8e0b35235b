package io.exceed.gateway.passthrough;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.UnaryOperator;

import org.springframework.http.HttpMethod;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors;

import io.exceed.gateway.auth.Scope;
import io.exceed.gateway.idempotency.GatewayErasurePart;
import io.grpc.MethodDescriptor;
import io.grpc.protobuf.ProtoMethodDescriptorSupplier;

/**
 * One contract method as partners call it through the gateway: relayed as raw bytes (the gateway never
 * parses a partner's message, and of the replies only an erasure report), to {@code backend}, with the scope its
 * caller's key needs.
 *
 * @param descriptor the method with byte-array marshallers and the contract's type (unary, streaming)
 * @param backend    the service that owns it, e.g. {@code customer-service}
 * @param scopes     the scopes a key needs; none for a tenantless service, which needs no key
 * @param replies    what the gateway does to each reply on its way to the partner: adds its own part to an
 *                   erasure report ({@link GatewayErasurePart}), leaves every other reply as it is
 */
public record PassthroughMethod(MethodDescriptor<byte[], byte[]> descriptor, String backend, List<Scope> scopes,
        UnaryOperator<byte[]> replies) {

    /** Passes bytes as they are: the backend parses them, and its INVALID_ARGUMENT reaches the partner. */
    static final MethodDescriptor.Marshaller<byte[]> RAW = new MethodDescriptor.Marshaller<>() {
        @Override
        public InputStream stream(byte[] value) {
            return new java.io.ByteArrayInputStream(value);
        }

        @Override
        public byte[] parse(InputStream stream) {
            try {
                return stream.readAllBytes();
            } catch (IOException unreadable) {
                throw new UncheckedIOException(unreadable);
            }
        }
    };

    /**
     * @param tenantless whether the method's service establishes the tenant itself (a public survey link)
     */
    static PassthroughMethod of(Descriptors.MethodDescriptor method, String backend, boolean tenantless) {
        MethodDescriptor<byte[], byte[]> descriptor = MethodDescriptor.newBuilder(RAW, RAW)
                .setFullMethodName(MethodDescriptor.generateFullMethodName(method.getService().getFullName(),
                        method.getName()))
                .setType(type(method))
                .setSchemaDescriptor((ProtoMethodDescriptorSupplier) new Schemas.Method(method))
                .build();
        List<Scope> scopes = tenantless ? List.of() : Scope.required(backend, httpVerb(method), method.getFullName());
        UnaryOperator<byte[]> replies = GatewayErasurePart.reportedBy(method) ? GatewayErasurePart::addTo
                : UnaryOperator.identity();
        return new PassthroughMethod(descriptor, backend, scopes, replies);
    }

    /**
     * The verb a key's scope is judged by, the same as for the REST binding: a method whose
     * {@code google.api.http} verb is GET reads; every other method, annotated or not, writes.
     */
    static HttpMethod httpVerb(Descriptors.MethodDescriptor method) {
        if (method.getOptions().hasExtension(AnnotationsProto.http)) {
            HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
            if (rule.getPatternCase() == HttpRule.PatternCase.GET) {
                return HttpMethod.GET;
            }
        }
        return HttpMethod.POST;
    }

    private static MethodDescriptor.MethodType type(Descriptors.MethodDescriptor method) {
        if (method.isClientStreaming()) {
            return method.isServerStreaming() ? MethodDescriptor.MethodType.BIDI_STREAMING
                    : MethodDescriptor.MethodType.CLIENT_STREAMING;
        }
        return method.isServerStreaming() ? MethodDescriptor.MethodType.SERVER_STREAMING
                : MethodDescriptor.MethodType.UNARY;
    }

    /** Whether the backend answers with one message, so the gateway's deadline applies to it. */
    boolean singleResponse() {
        return descriptor.getType().serverSendsOneMessage();
    }
}
