package io.exceed.gateway.passthrough;

import java.util.function.UnaryOperator;

import io.grpc.ClientCall;
import io.grpc.Metadata;
import io.grpc.ServerCall;
import io.grpc.Status;

/**
 * Joins a partner's call to the gateway with the gateway's call to the backend, message by message in both
 * directions. Flow control holds end to end: the gateway asks one side for its next message only once the
 * other side has taken the previous one (is ready), so a slow reader slows the writer instead of filling
 * the gateway's memory. Headers, messages, trailers and the status (with its details) go through as they
 * are (but for what {@link PassthroughMethod#replies} does to a reply); a cancellation on either side ends the
 * other.
 *
 * <p>grpc-java serialises each listener's callbacks, and a call's methods other than {@code request} are
 * only used from the listener of the other side, so each call is driven by one thread at a time.
 */
final class CallRelay {

    private final ServerCall<byte[], byte[]> partner;
    private final ClientCall<byte[], byte[]> backend;
    private final UnaryOperator<byte[]> replies;
    final PartnerListener partnerListener = new PartnerListener();
    final BackendListener backendListener = new BackendListener();

    CallRelay(ServerCall<byte[], byte[]> partner, ClientCall<byte[], byte[]> backend, UnaryOperator<byte[]> replies) {
        this.partner = partner;
        this.backend = backend;
        this.replies = replies;
    }

    /** Starts the backend call with {@code headers} and asks each side for its first message. */
    void start(Metadata headers) {
        backend.start(backendListener, headers);
        backend.request(1);
        partner.request(1);
    }

    /** What the partner sends, on its way to the backend. */
    final class PartnerListener extends ServerCall.Listener<byte[]> {

        private boolean awaitingBackendReady;

        @Override
        public void onMessage(byte[] message) {
            backend.sendMessage(message);
            synchronized (this) {
                if (backend.isReady()) {
                    partner.request(1);
                } else {
                    awaitingBackendReady = true;
                }
            }
        }

        @Override
        public void onHalfClose() {
            backend.halfClose();
        }

        @Override
        public void onCancel() {
            backend.cancel("the partner cancelled the call", null);
        }

        @Override
        public void onReady() {
            backendListener.partnerReady();
        }

        synchronized void backendReady() {
            if (awaitingBackendReady) {
                awaitingBackendReady = false;
                partner.request(1);
            }
        }
    }

    /** What the backend answers, on its way to the partner. */
    final class BackendListener extends ClientCall.Listener<byte[]> {

        private boolean awaitingPartnerReady;

        @Override
        public void onHeaders(Metadata headers) {
            partner.sendHeaders(Relayed.response(headers));
        }

        @Override
        public void onMessage(byte[] message) {
            partner.sendMessage(replies.apply(message));
            synchronized (this) {
                if (partner.isReady()) {
                    backend.request(1);
                } else {
                    awaitingPartnerReady = true;
                }
            }
        }

        @Override
        public void onClose(Status status, Metadata trailers) {
            partner.close(status, trailers);
        }

        @Override
        public void onReady() {
            partnerListener.backendReady();
        }

        synchronized void partnerReady() {
            if (awaitingPartnerReady) {
                awaitingPartnerReady = false;
                backend.request(1);
            }
        }
    }
}
