package io.exceed.gateway.limits;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;

class LocalTokenBucketsTest {

    private static final RateLimitPolicy POLICY = new RateLimitPolicy("tenant", 2, 1, Duration.ofHours(1));

    @Test
    void theBucketsHeldInMemoryAreBounded() {
        LocalTokenBuckets limiter = new LocalTokenBuckets(100, POLICY.timeToFill());
        for (int i = 0; i < 1_000; i++) {
            limiter.tryConsume("tenant:t" + i, POLICY).block();
        }
        assertThat(limiter.size()).isLessThanOrEqualTo(100);
    }

    @Test
    void eachKeyHasItsOwnBucket() {
        LocalTokenBuckets limiter = new LocalTokenBuckets(10, POLICY.timeToFill());
        assertThat(limiter.tryConsume("tenant:a", POLICY).block().allowed()).isTrue();
        assertThat(limiter.tryConsume("tenant:a", POLICY).block().allowed()).isTrue();
        RateLimitDecision refused = limiter.tryConsume("tenant:a", POLICY).block();
        assertThat(refused.allowed()).isFalse();
        assertThat(refused.retryAfterSeconds()).isBetween(3_500L, 3_600L);
        assertThat(limiter.tryConsume("tenant:b", POLICY).block().allowed()).isTrue();
    }

    @Test
    void thePolicyIsAdvertisedAsItsBurstOverTheTimeToFill() {
        assertThat(new RateLimitPolicy("tenant", 100, 50, Duration.ofSeconds(1)).header())
                .isEqualTo("\"tenant\";q=100;w=2");
        assertThat(new RateLimitPolicy("public", 20, 5, Duration.ofSeconds(1)).header())
                .isEqualTo("\"public\";q=20;w=4");
        assertThat(new RateLimitPolicy("odd", 10, 3, Duration.ofSeconds(1)).header()).isEqualTo("\"odd\";q=10;w=4");
    }

    @Test
    void anIpv6ClientIsOneBucketPerSlash64() {
        assertThat(RateLimits.clientPartition(new java.net.InetSocketAddress("2001:db8:1:2:aaaa::1", 1)))
                .isEqualTo(RateLimits.clientPartition(new java.net.InetSocketAddress("2001:db8:1:2:bbbb::7", 2)))
                .endsWith("/64");
        assertThat(RateLimits.clientPartition(new java.net.InetSocketAddress("2001:db8:1:3::1", 1)))
                .isNotEqualTo(RateLimits.clientPartition(new java.net.InetSocketAddress("2001:db8:1:2::1", 1)));
        assertThat(RateLimits.clientPartition(new java.net.InetSocketAddress("192.0.2.7", 1))).isEqualTo("192.0.2.7");
    }
}
