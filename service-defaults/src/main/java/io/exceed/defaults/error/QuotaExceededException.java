package io.exceed.defaults.error;

/**
 * A tenant has as much of something as it may have (webhook endpoints, say); nothing was changed. Maps to
 * RESOURCE_EXHAUSTED, naming the limit, its value and the setting an operator raises it with.
 */
public final class QuotaExceededException extends DomainException {

    private final long limit;
    private final String setting;

    public QuotaExceededException(String reason, String message, long limit, String setting) {
        super(reason, message);
        this.limit = limit;
        this.setting = setting;
    }

    public long limit() {
        return limit;
    }

    public String setting() {
        return setting;
    }
}
