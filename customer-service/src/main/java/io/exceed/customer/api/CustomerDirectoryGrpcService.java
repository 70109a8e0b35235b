package io.exceed.customer.api;

import static io.exceed.defaults.api.UnaryCalls.reply;

import org.springframework.stereotype.Service;

import io.exceed.customer.domain.Customers;
import io.exceed.customer.v1.CheckCustomerRequest;
import io.exceed.customer.v1.CheckCustomerResponse;
import io.exceed.customer.v1.CustomerDirectoryServiceGrpc;
import io.exceed.defaults.error.Violations;
import io.exceed.defaults.tenancy.CurrentTenant;
import io.grpc.stub.StreamObserver;

/** The internal CustomerDirectoryService (asked by feedback-service and followup-service before they store data). */
@Service
public class CustomerDirectoryGrpcService extends CustomerDirectoryServiceGrpc.CustomerDirectoryServiceImplBase {

    private final Customers customers;

    public CustomerDirectoryGrpcService(Customers customers) {
        this.customers = customers;
    }

    @Override
    public void checkCustomer(CheckCustomerRequest request, StreamObserver<CheckCustomerResponse> response) {
        Violations violations = new Violations();
        violations.require(!request.getCustomerId().isBlank(), "customer_id", "is required");
        violations.throwIfAny();
        String id = customers.active(CurrentTenant.get(), request.getCustomerId()).id();
        reply(response, CheckCustomerResponse.newBuilder().setCustomerId(id).build());
    }
}
