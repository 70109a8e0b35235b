package io.exceed.bench;

import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/** Channels to the started services and stubs that name the benchmark's tenant, as every caller must. */
final class Tenants {

    static final String TENANT = "bench";
    private static final Metadata.Key<String> TENANT_KEY = Metadata.Key.of("x-tenant-id",
            Metadata.ASCII_STRING_MARSHALLER);

    private Tenants() {
    }

    static ManagedChannel channel(ServiceProcess service) {
        return NettyChannelBuilder.forAddress("127.0.0.1", service.port).usePlaintext().build();
    }

    static <S extends AbstractStub<S>> S asTenant(S stub) {
        Metadata headers = new Metadata();
        headers.put(TENANT_KEY, TENANT);
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
