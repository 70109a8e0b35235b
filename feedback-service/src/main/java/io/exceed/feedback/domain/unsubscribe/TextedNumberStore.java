package io.exceed.feedback.domain.unsubscribe;

import java.util.List;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Which of a tenant's customers the platform texted at each number, so a STOP reply from a number (which names no
 * customer) reaches every customer it may stand for. Written before a text goes, so a text that went is never
 * missing from it.
 */
public interface TextedNumberStore {

    /** Records that the customer is texted at {@code number} (E.164); recording it again changes nothing. */
    void remember(TenantId tenant, String number, String customerId);

    /** The customers texted at {@code number}; empty for a number never texted. */
    List<String> customersAt(TenantId tenant, String number);
}
