package io.exceed.gateway.idempotency;

import com.google.protobuf.Descriptors.MethodDescriptor;
import com.google.protobuf.DynamicMessage;
import com.google.protobuf.InvalidProtocolBufferException;

import io.exceed.customer.v1.EraseCustomerResponse;
import io.exceed.customer.v1.ErasurePart;
import io.exceed.customer.v1.ErasurePartState;

/**
 * The gateway's part in a customer's erasure report. EraseCustomer answers with each service's part; a call that
 * passes through the gateway (REST, or the partners' gRPC port) gets the gateway's too: completed, as of the
 * erasure (the tombstone's update time), because the gateway holds nothing personal to erase. Its idempotency
 * records keep key hashes, keyed fingerprints and statuses only ({@link IdempotencyKeys}), and those of earlier
 * versions, which kept responses, are deleted before it serves; its access log names route templates, never ids.
 */
public final class GatewayErasurePart {

    public static final String SERVICE = "gateway";

    private GatewayErasurePart() {
    }

    /** Whether the method's replies are erasure reports, which the gateway's part belongs in. */
    public static boolean reportedBy(MethodDescriptor method) {
        return method.getOutputType().getFullName().equals(EraseCustomerResponse.getDescriptor().getFullName());
    }

    /** The report with the gateway's part added after the services' parts. */
    public static DynamicMessage addTo(DynamicMessage report) {
        try {
            return DynamicMessage.parseFrom(report.getDescriptorForType(), addTo(report.toByteArray()));
        } catch (InvalidProtocolBufferException impossible) {
            throw new IllegalStateException("a report just serialised parses", impossible);
        }
    }

    /**
     * The serialised report with the gateway's part added. Bytes that are no report pass as they are: the caller's
     * stub refuses them just as it would without the gateway.
     */
    public static byte[] addTo(byte[] report) {
        EraseCustomerResponse parsed;
        try {
            parsed = EraseCustomerResponse.parseFrom(report);
        } catch (InvalidProtocolBufferException notAReport) {
            return report;
        }
        ErasurePart.Builder part = ErasurePart.newBuilder().setService(SERVICE)
                .setState(ErasurePartState.ERASURE_PART_STATE_COMPLETED);
        if (parsed.getCustomer().hasUpdateTime()) {
            part.setCompleteTime(parsed.getCustomer().getUpdateTime());
        }
        return parsed.toBuilder().addParts(part).build().toByteArray();
    }
}
