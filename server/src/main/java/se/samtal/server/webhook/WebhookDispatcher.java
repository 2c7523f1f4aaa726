package se.samtal.server.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.WireCodec;
import se.samtal.server.config.TenantConfig;
import se.samtal.server.config.WebhooksConfig;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.tenant.Tenant;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Delivers webhooks to tenants' platforms: JSON bodies signed with HMAC-SHA256, retried with
 * exponential backoff and jitter. {@link #publish} never blocks; deliveries beyond the queue's
 * capacity are dropped and counted. Deliveries live in memory: a restart loses those pending.
 *
 * <p>Signature header: {@code Samtal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">},
 * recomputed on every attempt, so receivers can refuse stale ones.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);

    private final WebhooksConfig config;
    private final HttpClient http;
    private final ScheduledExecutorService timers;
    private final SamtalMetrics metrics;
    private final Clock clock;
    private final ObjectMapper json = WireCodec.newMapper();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile boolean closed;

    public WebhookDispatcher(WebhooksConfig config, ScheduledExecutorService timers, SamtalMetrics metrics, Clock clock) {
        this.config = config;
        this.timers = timers;
        this.metrics = metrics;
        this.clock = clock;
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(java.util.concurrent.Executors.newVirtualThreadPerTaskExecutor())
                .build();
        metrics.gauge("samtal_webhooks_pending", "Webhook deliveries waiting or in flight.", pending::get);
    }

    /**
     * Queues {@code type} with {@code data} for the tenant's webhook, if it has one.
     *
     * @param data the event's fields; no message bodies or tokens, ever
     */
    public void publish(Tenant tenant, String type, Map<String, Object> data) {
        var target = tenant.webhook();
        if (target.isEmpty() || closed) {
            return;
        }
        if (pending.incrementAndGet() > config.queueCapacity()) {
            pending.decrementAndGet();
            metrics.webhook(tenant.id(), "dropped");
            log.atWarn().setMessage("Webhook queue full; dropping a delivery").addKeyValue("tenant", tenant.id())
                    .addKeyValue("type", type).log();
            return;
        }
        var body = new LinkedHashMap<String, Object>();
        String id = OpaqueIds.next("wh_");
        body.put("id", id);
        body.put("type", type);
        body.put("tenant", tenant.id());
        body.put("createdAt", clock.instant().toString());
        body.put("data", data);
        byte[] bytes;
        try {
            bytes = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            pending.decrementAndGet();
            throw new UncheckedIOException(e);
        }
        attempt(new Delivery(tenant.id(), target.get(), id, type, bytes), 1);
    }

    private record Delivery(String tenantId, TenantConfig.WebhookTargetConfig target, String id, String type, byte[] body) {
    }

    private void attempt(Delivery delivery, int attempt) {
        if (closed) {
            finish(delivery, "dropped");
            return;
        }
        long t = clock.instant().getEpochSecond();
        var request = HttpRequest.newBuilder(URI.create(delivery.target().url()))
                .timeout(config.timeout())
                .header("Content-Type", "application/json")
                .header("User-Agent", "samtal-webhooks")
                .header("Samtal-Webhook-Id", delivery.id())
                .header("Samtal-Webhook-Attempt", Integer.toString(attempt))
                .header("Samtal-Signature", "t=" + t + ",v1=" + sign(delivery.target().secret(), t, delivery.body()))
                .POST(HttpRequest.BodyPublishers.ofByteArray(delivery.body()))
                .build();
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenComplete((response, failure) -> {
            int status = response != null ? response.statusCode() : 0;
            if (failure == null && status >= 200 && status < 300) {
                finish(delivery, "delivered");
            } else if (failure == null && !retryable(status)) {
                log.atWarn().setMessage("Webhook refused; not retrying").addKeyValue("tenant", delivery.tenantId())
                        .addKeyValue("type", delivery.type()).addKeyValue("status", status).log();
                finish(delivery, "failed");
            } else if (attempt >= config.maxAttempts()) {
                log.atWarn().setMessage("Webhook undeliverable; giving up").addKeyValue("tenant", delivery.tenantId())
                        .addKeyValue("type", delivery.type()).addKeyValue("attempts", attempt).log();
                finish(delivery, "failed");
            } else {
                long delay = backoff(attempt).toMillis();
                timers.schedule(() -> attempt(delivery, attempt + 1), delay, TimeUnit.MILLISECONDS);
            }
        });
    }

    private void finish(Delivery delivery, String outcome) {
        pending.decrementAndGet();
        metrics.webhook(delivery.tenantId(), outcome);
    }

    private static boolean retryable(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /** Exponential backoff from the initial delay, capped, with ±20 % jitter so retries do not align. */
    Duration backoff(int attempt) {
        long base = config.initialBackoff().toMillis() << Math.min(attempt - 1, 20);
        long capped = Math.min(base, config.maxBackoff().toMillis());
        double jitter = 0.8 + ThreadLocalRandom.current().nextDouble() * 0.4;
        return Duration.ofMillis((long) (capped * jitter));
    }

    /** HMAC-SHA256 over {@code "<t>.<body>"}, hex-encoded. */
    public static String sign(String secret, long t, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            mac.update((t + ".").getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is required by every JDK", e);
        }
    }

    public int pending() {
        return pending.get();
    }

    @Override
    public void close() {
        closed = true;
        http.close();
    }
}
