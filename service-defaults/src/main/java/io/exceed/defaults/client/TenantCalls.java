package io.exceed.defaults.client;

import io.exceed.defaults.tenancy.TenantId;
import io.exceed.defaults.tenancy.TenantHeader;
import io.grpc.Metadata;
import io.grpc.stub.AbstractStub;
import io.grpc.stub.MetadataUtils;

/** Calls another service on behalf of a tenant: its stubs carry the tenant the way the gateway sends it. */
public final class TenantCalls {

    private TenantCalls() {
    }

    public static <S extends AbstractStub<S>> S as(TenantId tenant, S stub) {
        Metadata headers = new Metadata();
        headers.put(TenantHeader.KEY, tenant.value());
        return stub.withInterceptors(MetadataUtils.newAttachHeadersInterceptor(headers));
    }
}
