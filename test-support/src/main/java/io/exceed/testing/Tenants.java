package io.exceed.testing;

import java.util.UUID;

import io.exceed.defaults.tenancy.TenantHeader;
import io.grpc.ClientInterceptor;
import io.grpc.Metadata;
import io.grpc.stub.MetadataUtils;

/** Tenants for tests: each test uses fresh ones, so tests never see each other's data. */
public final class Tenants {

    private Tenants() {
    }

    /** A tenant no other test uses. */
    public static String newTenant() {
        return "t-" + UUID.randomUUID().toString().substring(0, 13);
    }

    /** Sends {@code tenant} as the gateway does (any string, so malformed ones can be tried too). */
    public static ClientInterceptor actingFor(String tenant) {
        Metadata headers = new Metadata();
        headers.put(TenantHeader.KEY, tenant);
        return MetadataUtils.newAttachHeadersInterceptor(headers);
    }
}
