package io.exceed.bench;

import io.exceed.defaults.tenancy.TenantHeader;
import io.grpc.ManagedChannel;
import io.grpc.Metadata;
import io.grpc.netty.NettyChannelBuilder;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/** Channels to the started services and stubs that name the benchmark's tenant, as every caller must. */
final class Tenants {

    static final String TENANT = "bench";
    private static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization",
            Metadata.ASCII_STRING_MARSHALLER);

    private Tenants() {
    }

    static ManagedChannel channel(ServiceProcess service) {
        return channel(service.port);
    }

    static ManagedChannel channel(int port) {
        return NettyChannelBuilder.forAddress("127.0.0.1", port).usePlaintext().build();
    }

    static <S extends AbstractStub<S>> S asTenant(S stub) {
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(tenantHeader()));
    }

    /** What a caller inside the platform sends: the tenant, by name. */
    static Metadata tenantHeader() {
        Metadata headers = new Metadata();
        headers.put(TenantHeader.KEY, TENANT);
        return headers;
    }

    /** What a partner sends to the gateway's gRPC port: its API key, which decides the tenant. */
    static Metadata apiKeyHeader(String apiKey) {
        Metadata headers = new Metadata();
        headers.put(AUTHORIZATION, "Bearer " + apiKey);
        return headers;
    }
}
