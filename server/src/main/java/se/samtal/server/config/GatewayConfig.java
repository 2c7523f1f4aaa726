package se.samtal.server.config;

import java.time.Duration;

/**
 * Limits of the WebSocket gateway. Each bounds what one connection or one person can cost.
 *
 * @param maxFrameBytes          largest inbound frame; larger ones close the connection with 1009
 * @param maxOutboundQueueBytes  bytes queued for one client before it counts as too slow (4009)
 * @param socketSendBufferBytes  SO_SNDBUF for client sockets; 0 leaves the kernel's autotuning on
 * @param helloTimeout           how long a new connection may stay silent before {@code hello}
 * @param pingInterval           how often the server pings a quiet connection
 * @param idleTimeout            how long without hearing anything (pongs count) before closing
 * @param requestsPerSecond      sustained requests per person (per tenant and person ref)
 * @param requestBurst           requests per person allowed in a burst above the sustained rate
 * @param rateLimitStrikes       rate-limited requests in a row after which the connection is closed (4008)
 */
public record GatewayConfig(ByteSize maxFrameBytes, ByteSize maxOutboundQueueBytes, ByteSize socketSendBufferBytes,
                            Duration helloTimeout, Duration pingInterval, Duration idleTimeout,
                            Integer requestsPerSecond, Integer requestBurst, Integer rateLimitStrikes) {

    public GatewayConfig {
        maxFrameBytes = maxFrameBytes != null ? maxFrameBytes : ByteSize.ofKiB(64);
        maxOutboundQueueBytes = maxOutboundQueueBytes != null ? maxOutboundQueueBytes : ByteSize.ofMiB(1);
        socketSendBufferBytes = socketSendBufferBytes != null ? socketSendBufferBytes : new ByteSize(0);
        helloTimeout = helloTimeout != null ? helloTimeout : Duration.ofSeconds(10);
        pingInterval = pingInterval != null ? pingInterval : Duration.ofSeconds(20);
        idleTimeout = idleTimeout != null ? idleTimeout : Duration.ofSeconds(60);
        requestsPerSecond = requestsPerSecond != null ? requestsPerSecond : 20;
        requestBurst = requestBurst != null ? requestBurst : 60;
        rateLimitStrikes = rateLimitStrikes != null ? rateLimitStrikes : 50;
    }

    static GatewayConfig defaults() {
        return new GatewayConfig(null, null, null, null, null, null, null, null, null);
    }

    void validate(Problems problems) {
        problems.range(maxFrameBytes.bytes(), 1024, 16L * 1024 * 1024, "gateway.maxFrameBytes");
        problems.range(maxOutboundQueueBytes.bytes(), 4096, 256L * 1024 * 1024, "gateway.maxOutboundQueueBytes");
        problems.range(socketSendBufferBytes.bytes(), 0, 64L * 1024 * 1024, "gateway.socketSendBufferBytes");
        problems.positive(helloTimeout, "gateway.helloTimeout");
        problems.positive(pingInterval, "gateway.pingInterval");
        problems.positive(idleTimeout, "gateway.idleTimeout");
        if (pingInterval != null && idleTimeout != null && idleTimeout.compareTo(pingInterval) <= 0) {
            problems.add("gateway.idleTimeout", "must be longer than gateway.pingInterval, or every quiet client is cut off");
        }
        problems.range(requestsPerSecond, 1, 100_000, "gateway.requestsPerSecond");
        problems.range(requestBurst, 1, 1_000_000, "gateway.requestBurst");
        problems.range(rateLimitStrikes, 1, 1_000_000, "gateway.rateLimitStrikes");
    }
}
