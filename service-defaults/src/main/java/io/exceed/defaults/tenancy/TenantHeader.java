package io.exceed.defaults.tenancy;

import io.grpc.Metadata;

/**
 * The gRPC metadata that names the tenant a call acts for: the gateway sets it from the caller's credential, and a
 * service calling another on a tenant's behalf passes it on. Its only declaration.
 */
public final class TenantHeader {

    public static final String NAME = "x-tenant-id";
    public static final Metadata.Key<String> KEY = Metadata.Key.of(NAME, Metadata.ASCII_STRING_MARSHALLER);

    private TenantHeader() {
    }
}
