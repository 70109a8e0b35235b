package io.exceed.followup.domain.webhook;

import java.net.UnknownHostException;

/**
 * A webhook host resolved to an address the {@link WebhookUrlPolicy} refuses. It is an
 * {@link UnknownHostException} because that is what an HTTP client's resolver may throw; its own type lets the
 * sender tell a refusal apart from a name that simply does not resolve.
 */
public final class RefusedAddressException extends UnknownHostException {

    public RefusedAddressException(String message) {
        super(message);
    }
}
