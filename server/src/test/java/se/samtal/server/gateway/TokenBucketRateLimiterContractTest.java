package se.samtal.server.gateway;

/** The rate limiter contract against the in-memory buckets (the gateway's, and chat's in embedded mode). */
class TokenBucketRateLimiterContractTest extends RateLimiterContract {
    @Override
    protected RateLimiter limiter(double ratePerSecond, int burst) {
        return new TokenBucketRateLimiter(ratePerSecond, burst, System::nanoTime);
    }
}
