package io.exceed.gateway.passthrough;

import java.util.List;

import io.exceed.defaults.tenancy.TenantHeader;
import io.exceed.defaults.tenancy.TenantId;
import io.grpc.Metadata;

/**
 * Which metadata crosses the gateway. A partner's metadata reaches the backend (trace context, request ids,
 * its own keys), except its credential, which the services do not need, and any tenant it claims: the
 * tenant comes from the key. Transport headers are dropped both ways, since each hop writes its own.
 */
final class Relayed {

    static final Metadata.Key<String> AUTHORIZATION = Metadata.Key.of("authorization", Metadata.ASCII_STRING_MARSHALLER);

    /** Headers every HTTP/2 gRPC hop sets for itself. */
    private static final List<Metadata.Key<String>> TRANSPORT = List.of(
            ascii("content-type"), ascii("content-length"), ascii("te"), ascii("user-agent"), ascii("host"),
            ascii("grpc-timeout"), ascii("grpc-encoding"), ascii("grpc-accept-encoding"),
            ascii("content-encoding"), ascii("accept-encoding"));

    private Relayed() {
    }

    /** What the backend gets: the partner's metadata, with the tenant of its key (none when tenantless). */
    static Metadata request(Metadata fromPartner, TenantId tenant) {
        Metadata forwarded = withoutTransport(fromPartner);
        forwarded.discardAll(AUTHORIZATION);
        forwarded.discardAll(TenantHeader.KEY);
        if (tenant != null) {
            forwarded.put(TenantHeader.KEY, tenant.value());
        }
        return forwarded;
    }

    /** What the partner gets of the backend's response headers. */
    static Metadata response(Metadata fromBackend) {
        return withoutTransport(fromBackend);
    }

    private static Metadata withoutTransport(Metadata metadata) {
        Metadata copy = new Metadata();
        copy.merge(metadata);
        TRANSPORT.forEach(copy::discardAll);
        return copy;
    }

    private static Metadata.Key<String> ascii(String name) {
        return Metadata.Key.of(name, Metadata.ASCII_STRING_MARSHALLER);
    }
}
