package io.exceed.feedback.domain.survey;

import java.time.Duration;
import java.util.function.Supplier;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import com.github.benmanes.caffeine.cache.Ticker;

import io.exceed.defaults.tenancy.TenantId;

/**
 * Published survey versions held in memory, so recording a response does not read its survey again. A published
 * version never changes, so it is kept until the bounded cache evicts it. Which version is the latest published
 * does change (a publish), so that number is remembered only briefly, and forgotten at once when this replica
 * publishes. Every key names the tenant: one tenant's survey ids never find another's versions.
 */
public class PublishedVersions {

    private record Key(String tenant, String surveyId, int version) {
    }

    private record Latest(String tenant, String surveyId) {
    }

    private final Cache<Key, SurveyVersion> versions;
    private final Cache<Latest, Integer> latest;

    /**
     * @param maximumSize most versions (and most latest-version numbers) kept
     * @param latestFor   how long the latest published version number is trusted; a publish on another replica
     *                    is seen here at most this late
     */
    public PublishedVersions(long maximumSize, Duration latestFor) {
        this(maximumSize, latestFor, Ticker.systemTicker());
    }

    PublishedVersions(long maximumSize, Duration latestFor, Ticker ticker) {
        this.versions = Caffeine.newBuilder().maximumSize(maximumSize).build();
        this.latest = Caffeine.newBuilder().maximumSize(maximumSize).expireAfterWrite(latestFor).ticker(ticker)
                .build();
    }

    /** The version, from memory or else from {@code load} (whose failure, e.g. not found, is not remembered). */
    SurveyVersion version(TenantId tenant, String surveyId, int version, Supplier<SurveyVersion> load) {
        return versions.get(new Key(tenant.value(), surveyId, version), key -> load.get());
    }

    /** The latest published version, from memory or else from {@code load}, which also remembers that version. */
    SurveyVersion latest(TenantId tenant, String surveyId, Supplier<SurveyVersion> load) {
        Integer number = latest.getIfPresent(new Latest(tenant.value(), surveyId));
        if (number != null) {
            SurveyVersion known = versions.getIfPresent(new Key(tenant.value(), surveyId, number));
            if (known != null) {
                return known;
            }
        }
        SurveyVersion loaded = load.get();
        remember(tenant, loaded);
        latest.put(new Latest(tenant.value(), surveyId), loaded.version());
        return loaded;
    }

    void remember(TenantId tenant, SurveyVersion version) {
        versions.put(new Key(tenant.value(), version.surveyId(), version.version()), version);
    }

    /** After a publish on this replica: the next lookup of the latest version reads the store. */
    void forgetLatest(TenantId tenant, String surveyId) {
        latest.invalidate(new Latest(tenant.value(), surveyId));
    }
}
