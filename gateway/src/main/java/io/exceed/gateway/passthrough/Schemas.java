package io.exceed.gateway.passthrough;

import com.google.protobuf.Descriptors;

import io.grpc.protobuf.ProtoMethodDescriptorSupplier;
import io.grpc.protobuf.ProtoServiceDescriptorSupplier;

/**
 * The contract descriptors attached to the relayed services and methods, as generated stubs attach theirs:
 * server reflection reads them, so a partner's tool can list and describe the services on the gateway's port.
 */
final class Schemas {

    private Schemas() {
    }

    record Service(Descriptors.ServiceDescriptor service) implements ProtoServiceDescriptorSupplier {

        @Override
        public Descriptors.FileDescriptor getFileDescriptor() {
            return service.getFile();
        }

        @Override
        public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return service;
        }
    }

    record Method(Descriptors.MethodDescriptor method) implements ProtoMethodDescriptorSupplier {

        @Override
        public Descriptors.FileDescriptor getFileDescriptor() {
            return method.getFile();
        }

        @Override
        public Descriptors.ServiceDescriptor getServiceDescriptor() {
            return method.getService();
        }

        @Override
        public Descriptors.MethodDescriptor getMethodDescriptor() {
            return method;
        }
    }
}
