package io.exceed.gateway.passthrough;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;

import io.exceed.gateway.grpc.BackendChannels;
import io.exceed.gateway.limits.AuthenticationFailures;
import io.exceed.gateway.limits.RateLimits;
import io.grpc.ServerServiceDefinition;

/**
 * Every service of the contracts, each method relayed to its backend. Built from the same descriptors as
 * the REST routes, so a new RPC is relayed without gateway code; a method the contracts do not have is
 * answered UNIMPLEMENTED by grpc-java itself.
 */
public final class PassthroughServices {

    private final List<PassthroughMethod> methods;
    private final List<ServerServiceDefinition> definitions;

    /**
     * @param backendByPackage   which backend serves each proto package
     * @param tenantlessServices full names of services that need no API key (they establish the tenant
     *                           themselves, e.g. the public survey link's RespondentService)
     * @param deadline           the gateway's deadline for a backend call with a single response
     */
    public PassthroughServices(List<FileDescriptor> files, Map<String, String> backendByPackage,
            Set<String> tenantlessServices, BackendChannels channels, AuthenticationFailures authentications,
            RateLimits rateLimits, Duration deadline) {
        List<PassthroughMethod> all = new ArrayList<>();
        List<ServerServiceDefinition> services = new ArrayList<>();
        for (FileDescriptor file : files) {
            String backend = backendByPackage.get(file.getPackage());
            if (backend == null) {
                throw new IllegalStateException("no backend serves package " + file.getPackage());
            }
            for (ServiceDescriptor service : file.getServices()) {
                boolean tenantless = tenantlessServices.contains(service.getFullName());
                io.grpc.ServiceDescriptor.Builder descriptor = io.grpc.ServiceDescriptor.newBuilder(service.getFullName())
                        .setSchemaDescriptor(new Schemas.Service(service));
                List<PassthroughMethod> serviceMethods = new ArrayList<>();
                for (MethodDescriptor method : service.getMethods()) {
                    PassthroughMethod relayed = PassthroughMethod.of(method, backend, tenantless);
                    descriptor.addMethod(relayed.descriptor());
                    serviceMethods.add(relayed);
                }
                ServerServiceDefinition.Builder definition = ServerServiceDefinition.builder(descriptor.build());
                for (PassthroughMethod relayed : serviceMethods) {
                    definition.addMethod(relayed.descriptor(),
                            new PassthroughCallHandler(relayed, channels, authentications, rateLimits, deadline));
                }
                services.add(definition.build());
                all.addAll(serviceMethods);
            }
        }
        this.methods = List.copyOf(all);
        this.definitions = List.copyOf(services);
    }

    public List<PassthroughMethod> methods() {
        return methods;
    }

    List<ServerServiceDefinition> definitions() {
        return definitions;
    }
}
