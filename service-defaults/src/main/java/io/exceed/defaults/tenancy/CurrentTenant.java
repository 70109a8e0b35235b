package io.exceed.defaults.tenancy;

import io.grpc.Context;

/** The tenant of the gRPC call being served, as established by {@link TenantInterceptor}. */
public final class CurrentTenant {

    static final Context.Key<TenantId> KEY = Context.key("exceed-tenant");

    private CurrentTenant() {
    }

    /** The caller's tenant; fails if called outside a tenant-scoped call (a programming error). */
    public static TenantId get() {
        TenantId tenant = KEY.get();
        if (tenant == null) {
            throw new IllegalStateException("no tenant in the current gRPC context");
        }
        return tenant;
    }
}
