package io.exceed.gateway.rest;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpMethod;

import com.google.api.AnnotationsProto;
import com.google.api.HttpRule;
import com.google.protobuf.Descriptors.Descriptor;
import com.google.protobuf.Descriptors.FieldDescriptor;
import com.google.protobuf.Descriptors.FileDescriptor;
import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.Descriptors.ServiceDescriptor;
import com.google.protobuf.DynamicMessage;

import io.grpc.protobuf.ProtoUtils;

/**
 * Every REST route of the platform, read at start-up from the {@code google.api.http} annotations of the
 * contracts. A binding the gateway cannot serve faithfully (a template or body it does not understand)
 * stops the start instead of being skipped. Server-streaming methods are routes too (GET only; served as
 * Server-Sent Events); client-streaming ones have no REST form and are left out (the contracts have none).
 */
public final class RouteTable {

    private static final Logger log = LoggerFactory.getLogger(RouteTable.class);

    private final List<RestRoute> routes;

    RouteTable(List<RestRoute> routes) {
        this.routes = routes.stream()
                .sorted(Comparator.comparingInt((RestRoute r) -> r.template().specificity()).reversed())
                .toList();
    }

    public static RouteTable fromContracts() {
        return from(Contracts.SERVICE_FILES, Contracts.BACKEND_BY_PACKAGE);
    }

    static RouteTable from(List<FileDescriptor> files, Map<String, String> backendByPackage) {
        List<RestRoute> routes = new ArrayList<>();
        for (FileDescriptor file : files) {
            String backend = backendByPackage.get(file.getPackage());
            if (backend == null) {
                throw new IllegalStateException("no backend serves package " + file.getPackage());
            }
            for (ServiceDescriptor service : file.getServices()) {
                for (MethodDescriptor method : service.getMethods()) {
                    if (!method.getOptions().hasExtension(AnnotationsProto.http)) {
                        continue;
                    }
                    if (method.isClientStreaming()) {
                        log.info("not served over REST (client streaming): {}", method.getFullName());
                        continue;
                    }
                    io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> call = grpcMethod(method);
                    HttpRule rule = method.getOptions().getExtension(AnnotationsProto.http);
                    routes.add(route(rule, method, call, backend));
                    for (HttpRule additional : rule.getAdditionalBindingsList()) {
                        routes.add(route(additional, method, call, backend));
                    }
                }
            }
        }
        return new RouteTable(routes);
    }

    public List<RestRoute> routes() {
        return routes;
    }

    public Set<String> backends() {
        return routes.stream().map(RestRoute::backend).collect(Collectors.toCollection(TreeSet::new));
    }

    /** What a request path and method lead to. */
    public sealed interface Lookup {
    }

    /** The route and the path variables' values by field path. */
    public record Found(RestRoute route, Map<String, String> variables) implements Lookup {
    }

    /** The path exists, but not with this method. */
    public record MethodNotAllowed(Set<HttpMethod> allowed) implements Lookup {
    }

    /** No route has this path. */
    public record NotFound() implements Lookup {
    }

    /**
     * @param segments the request path's percent-decoded segments, the custom verb split off
     * @param verb     the custom verb, empty for none
     */
    public Lookup find(HttpMethod httpMethod, List<String> segments, String verb) {
        Set<HttpMethod> allowed = new java.util.LinkedHashSet<>();
        for (RestRoute route : routes) {
            Optional<Map<String, String>> variables = route.template().match(segments, verb);
            if (variables.isEmpty()) {
                continue;
            }
            if (route.httpMethod().equals(httpMethod)) {
                return new Found(route, variables.get());
            }
            allowed.add(route.httpMethod());
        }
        return allowed.isEmpty() ? new NotFound() : new MethodNotAllowed(allowed);
    }

    private static RestRoute route(HttpRule rule, MethodDescriptor method,
            io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> call, String backend) {
        String where = method.getFullName() + ": ";
        if (!rule.getResponseBody().isEmpty()) {
            throw new IllegalStateException(where + "response_body is not supported");
        }
        HttpMethod httpMethod;
        String path;
        switch (rule.getPatternCase()) {
            case GET -> {
                httpMethod = HttpMethod.GET;
                path = rule.getGet();
            }
            case POST -> {
                httpMethod = HttpMethod.POST;
                path = rule.getPost();
            }
            case PUT -> {
                httpMethod = HttpMethod.PUT;
                path = rule.getPut();
            }
            case PATCH -> {
                httpMethod = HttpMethod.PATCH;
                path = rule.getPatch();
            }
            case DELETE -> {
                httpMethod = HttpMethod.DELETE;
                path = rule.getDelete();
            }
            default -> throw new IllegalStateException(where + "unsupported HTTP pattern " + rule.getPatternCase());
        }
        if (method.isServerStreaming() && httpMethod != HttpMethod.GET) {
            throw new IllegalStateException(where + "a server-streaming method is served as an event stream, "
                    + "so its binding must be GET, was " + httpMethod);
        }
        PathTemplate template = PathTemplate.parse(path);
        Descriptor input = method.getInputType();
        for (PathTemplate.Segment segment : template.segments()) {
            if (segment instanceof PathTemplate.Variable variable) {
                FieldDescriptor field = FieldPaths.resolve(input, variable.fieldPath())
                        .orElseThrow(() -> new IllegalStateException(where + "no field " + variable.fieldPath()));
                if (field.isRepeated() || field.getJavaType() == FieldDescriptor.JavaType.MESSAGE) {
                    throw new IllegalStateException(where + "path variable " + variable.fieldPath()
                            + " must be a singular scalar field");
                }
            }
        }
        String body = rule.getBody();
        if (!body.isEmpty() && !body.equals(RestRoute.WHOLE_BODY)) {
            FieldDescriptor field = input.findFieldByName(body);
            if (field == null || field.isRepeated() || field.getJavaType() != FieldDescriptor.JavaType.MESSAGE) {
                throw new IllegalStateException(where + "body must be '*' or a singular message field, was " + body);
            }
        }
        return new RestRoute(httpMethod, template, body, method, call, backend);
    }

    private static io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> grpcMethod(MethodDescriptor method) {
        return io.grpc.MethodDescriptor.<DynamicMessage, DynamicMessage>newBuilder()
                .setType(method.isServerStreaming() ? io.grpc.MethodDescriptor.MethodType.SERVER_STREAMING
                        : io.grpc.MethodDescriptor.MethodType.UNARY)
                .setFullMethodName(io.grpc.MethodDescriptor.generateFullMethodName(
                        method.getService().getFullName(), method.getName()))
                .setRequestMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getInputType())))
                .setResponseMarshaller(ProtoUtils.marshaller(DynamicMessage.getDefaultInstance(method.getOutputType())))
                .build();
    }
}
