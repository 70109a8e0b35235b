package io.exceed.defaults.storage;

import java.util.ArrayList;
import java.util.List;

import org.bson.conversions.Bson;

import com.mongodb.client.model.Filters;

import io.exceed.defaults.tenancy.TenantId;

/** Builds query filters that always start with the tenant, so no query can cross tenants. */
public final class TenantScope {

    public static final String TENANT_FIELD = "tenant";

    private TenantScope() {
    }

    public static Bson filter(TenantId tenant, Bson... conditions) {
        List<Bson> all = new ArrayList<>(conditions.length + 1);
        all.add(Filters.eq(TENANT_FIELD, tenant.value()));
        all.addAll(List.of(conditions));
        return FlatFilters.and(all);
    }
}
