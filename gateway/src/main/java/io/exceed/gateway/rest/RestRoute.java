package io.exceed.gateway.rest;

import org.springframework.http.HttpMethod;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;

/**
 * One REST binding of a gRPC method: {@code GET /v1/customers/{customer_id}} → CustomerService.GetCustomer.
 *
 * @param httpMethod the HTTP method of the binding
 * @param template   the path template
 * @param body       {@code "*"} (the body is the whole request), a top-level field name (the body is that
 *                   field), or empty (no body; query parameters set the fields)
 * @param method     the contract's method, for the request and response types
 * @param call       the same method as grpc-java calls it, with dynamic-message marshallers
 * @param backend    the service that serves it, e.g. {@code customer-service}
 */
public record RestRoute(HttpMethod httpMethod, PathTemplate template, String body, MethodDescriptor method,
        io.grpc.MethodDescriptor<DynamicMessage, DynamicMessage> call, String backend) {

    static final String WHOLE_BODY = "*";

    /** Whether the method streams its replies (served as Server-Sent Events). */
    public boolean serverStreaming() {
        return method.isServerStreaming();
    }

    @Override
    public String toString() {
        return httpMethod + " " + template.text() + " -> " + method.getFullName() + " @ " + backend;
    }
}
