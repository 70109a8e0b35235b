package io.exceed.defaults.error;

/**
 * The resource does not exist for the caller's tenant. Another tenant's resource is reported the same
 * way, so ids cannot be probed across tenants. Maps to NOT_FOUND.
 */
public final class NotFoundException extends DomainException {

    private final String resourceType;
    private final String resourceId;

    public NotFoundException(String resourceType, String resourceId) {
        super(resourceType.toUpperCase().replace(' ', '_') + "_NOT_FOUND",
                resourceType + " '" + resourceId + "' not found");
        this.resourceType = resourceType;
        this.resourceId = resourceId;
    }

    public String resourceType() {
        return resourceType;
    }

    public String resourceId() {
        return resourceId;
    }
}
