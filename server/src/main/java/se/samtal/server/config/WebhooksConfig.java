package se.samtal.server.config;

import java.time.Duration;

/**
 * How webhooks to platforms are delivered (the URL and secret are per tenant).
 *
 * @param timeout        per attempt
 * @param maxAttempts    attempts before a delivery is given up (and counted in metrics)
 * @param initialBackoff delay before the first retry; doubles each time, with jitter
 * @param maxBackoff     upper bound of the delay between attempts
 * @param queueCapacity  deliveries waiting at once; beyond this new ones are dropped and counted
 */
public record WebhooksConfig(Duration timeout, Integer maxAttempts, Duration initialBackoff, Duration maxBackoff,
                             Integer queueCapacity) {

    public WebhooksConfig {
        timeout = timeout != null ? timeout : Duration.ofSeconds(5);
        maxAttempts = maxAttempts != null ? maxAttempts : 8;
        initialBackoff = initialBackoff != null ? initialBackoff : Duration.ofSeconds(1);
        maxBackoff = maxBackoff != null ? maxBackoff : Duration.ofMinutes(5);
        queueCapacity = queueCapacity != null ? queueCapacity : 10_000;
    }

    void validate(Problems problems) {
        problems.positive(timeout, "webhooks.timeout");
        problems.range(maxAttempts, 1, 100, "webhooks.maxAttempts");
        problems.positive(initialBackoff, "webhooks.initialBackoff");
        problems.positive(maxBackoff, "webhooks.maxBackoff");
        problems.range(queueCapacity, 1, 10_000_000, "webhooks.queueCapacity");
    }
}
