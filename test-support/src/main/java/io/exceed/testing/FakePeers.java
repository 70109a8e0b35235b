package io.exceed.testing;

import java.io.IOException;

import io.exceed.defaults.tenancy.TenantHeader;
import io.grpc.BindableService;
import io.grpc.Context;
import io.grpc.Contexts;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Metadata;
import io.grpc.Server;
import io.grpc.ServerBuilder;
import io.grpc.ServerCall;
import io.grpc.ServerCallHandler;
import io.grpc.ServerInterceptor;
import io.grpc.ServerInterceptors;

/**
 * Another Exceed service as the service under test calls it: a fake implementation on a real port, which reads
 * the tenant each call carries ({@link #TENANT}) as the real service would.
 */
public final class FakePeers {

    /** The tenant of the call being served. */
    public static final Context.Key<String> TENANT = Context.key("tenant");

    private FakePeers() {
    }

    /**
     * Starts {@code services} (the contracts one real service serves) on one free port; the caller stops it (or
     * lets the test JVM end).
     */
    public static Server start(BindableService... services) throws IOException {
        ServerInterceptor tenants = new ServerInterceptor() {
            @Override
            public <Q, R> ServerCall.Listener<Q> interceptCall(ServerCall<Q, R> call, Metadata headers,
                    ServerCallHandler<Q, R> next) {
                return Contexts.interceptCall(Context.current().withValue(TENANT,
                        headers.get(TenantHeader.KEY)), call, headers, next);
            }
        };
        ServerBuilder<?> server = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create());
        for (BindableService service : services) {
            server.addService(ServerInterceptors.intercept(service, tenants));
        }
        return server.build().start();
    }
}
