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
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

/**
 * Delivers webhooks to tenants' platforms from a durable {@link WebhookOutbox}: JSON bodies
 * signed with HMAC-SHA256, at least once, in order per session (or conversation), retried with
 * exponential backoff and jitter. {@link #publish} never blocks: the event waits in memory for a
 * moment (a bounded queue; beyond it new ones are dropped and counted) until one thread of its own
 * has added it to the outbox; from then on a crash or a restart loses nothing. Every node claims
 * due events with a lease ({@link WebhookOutbox#claim}), so exactly one node delivers each event
 * (another one takes over if it dies), and the next event of a session is not sent before the one
 * before it was delivered or given up.
 *
 * <p>Signature header: {@code Samtal-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "t.body">},
 * recomputed on every attempt, so receivers can refuse stale ones. {@code Samtal-Webhook-Id} is the
 * event's id, the same on every attempt and from every node: platforms deduplicate on it.
 */
public final class WebhookDispatcher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
    /** How often each node looks for due events while some are known to wait (and at once after it added some). */
    private static final long POLL_MILLIS = 250;
    /**
     * While no event is known to wait (none added here, none left to retry), a node with an outbox
     * of its own (embedded) looks only this often: a look is a write transaction on the outbox, and
     * four a second (with their wake-ups) cost an idle node about 4 ms of CPU a second. A node of a
     * cluster keeps looking every {@link #POLL_MILLIS}: others add events it cannot know of, and
     * takes over a dead node's as soon as their claims run out.
     */
    private static final long IDLE_POLL_MILLIS = 5_000;
    /** Queued by {@link #close} to wake the adder at once; never added. */
    private static final OutboxEvent WAKE = new OutboxEvent("wake", "-", "-", "-", "{}", Instant.EPOCH, 0);
    /** Deliveries in flight at once on one node. */
    private static final int MAX_IN_FLIGHT = 64;
    /** Events added to the outbox in one step. */
    private static final int ADD_BATCH = 256;

    private final WebhooksConfig config;
    private final WebhookOutbox outbox;
    private final Function<String, Optional<TenantConfig.WebhookTargetConfig>> targets;
    private final String node;
    private final SamtalMetrics metrics;
    private final Clock clock;
    private final Executor blocking;
    private final Duration lease;
    private final HttpClient http;
    private final ObjectMapper json = WireCodec.newMapper();
    private final LinkedBlockingQueue<OutboxEvent> adding;
    /** Who waits for an event (by id) to be in the outbox: {@link #publishDurably}. */
    private final Map<String, CompletableFuture<Void>> waiting = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger inFlight = new AtomicInteger();
    private final AtomicLong pending = new AtomicLong();
    private final AtomicBoolean polling = new AtomicBoolean();
    /** Poller thread only: the next look, due in 250 ms or 5 s (see {@link #IDLE_POLL_MILLIS}). */
    private ScheduledFuture<?> nextLook;
    /** Poller thread only: whether {@link #nextLook} is the short one. */
    private boolean lookingSoon;
    private final ScheduledExecutorService poller = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("samtal-webhooks").daemon().factory());
    private final Thread adder;
    private volatile boolean closed;

    /**
     * @param targets  a tenant's webhook target, if it has one (looked up at each attempt)
     * @param node     this node, as the holder of claims
     * @param blocking where the outbox's blocking calls after a delivery run
     */
    public WebhookDispatcher(WebhooksConfig config, WebhookOutbox outbox,
                             Function<String, Optional<TenantConfig.WebhookTargetConfig>> targets, String node,
                             SamtalMetrics metrics, Clock clock, Executor blocking) {
        this.config = config;
        this.outbox = outbox;
        this.targets = targets;
        this.node = node;
        this.metrics = metrics;
        this.clock = clock;
        this.blocking = blocking;
        // A claim outlives its attempt (the timeout) with room to spare; then another node may take it.
        this.lease = config.timeout().multipliedBy(2).plusSeconds(5);
        this.adding = new LinkedBlockingQueue<>(config.queueCapacity());
        this.http = HttpClient.newBuilder()
                .connectTimeout(config.timeout())
                .followRedirects(HttpClient.Redirect.NEVER)
                .executor(Executors.newVirtualThreadPerTaskExecutor())
                .build();
        metrics.gauge("samtal_webhooks_pending", "Webhook events waiting in the outbox (every node's), or being added to it.",
                () -> (int) Math.min(Integer.MAX_VALUE, pending.get() + adding.size()));
        this.adder = Thread.ofPlatform().name("samtal-webhook-outbox").daemon().start(this::addLoop);
        poller.execute(this::look);
    }

    /**
     * Queues {@code type} with {@code data} for the tenant's webhook, if it has one. Never blocks.
     *
     * @param data the event's fields; no message bodies or tokens, ever. Its {@code sessionId} (or
     *             else {@code conversationId}) orders it among the tenant's events
     */
    public void publish(Tenant tenant, String type, Map<String, Object> data) {
        enqueue(tenant, type, data, null);
    }

    /**
     * As {@link #publish}, and the future completes once the event is in the durable outbox (at
     * once if the tenant has no webhook or the event was dropped; it never fails): so whoever
     * waits for it, before answering that something happened, leaves no moment in which a crash
     * loses the event although the answer was given. Events keep their order with those of
     * {@link #publish}.
     */
    public CompletableFuture<Void> publishDurably(Tenant tenant, String type, Map<String, Object> data) {
        var added = new CompletableFuture<Void>();
        enqueue(tenant, type, data, added);
        return added;
    }

    private void enqueue(Tenant tenant, String type, Map<String, Object> data, CompletableFuture<Void> added) {
        if (tenant.webhook().isEmpty() || closed) {
            if (added != null) {
                added.complete(null);
            }
            return;
        }
        var body = new LinkedHashMap<String, Object>();
        String id = OpaqueIds.next("wh_");
        var createdAt = clock.instant();
        body.put("id", id);
        body.put("type", type);
        body.put("tenant", tenant.id());
        body.put("createdAt", createdAt.toString());
        body.put("data", data);
        String text;
        try {
            text = json.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
        Object key = data.getOrDefault("sessionId", data.getOrDefault("conversationId", type));
        var event = new OutboxEvent(id, tenant.id(), String.valueOf(key), type, text, createdAt, 0);
        if (added != null) {
            waiting.put(id, added);
        }
        if (!adding.offer(event)) {
            if (added != null) {
                waiting.remove(id);
                added.complete(null);
            }
            metrics.webhook(tenant.id(), "dropped");
            log.atWarn().setMessage("Webhook queue full; dropping an event").addKeyValue("tenant", tenant.id())
                    .addKeyValue("type", type).log();
        }
    }

    /** The adder's thread: moves queued events into the outbox, in order; a failed add is tried again until it works. */
    private void addLoop() {
        var batch = new ArrayList<OutboxEvent>();
        long pause = 100;
        while (!closed || !adding.isEmpty() || !batch.isEmpty()) {
            try {
                if (batch.isEmpty()) {
                    OutboxEvent first = adding.poll(5, TimeUnit.SECONDS);
                    if (first == null || first == WAKE) {
                        continue;
                    }
                    batch.add(first);
                    adding.drainTo(batch, ADD_BATCH - 1);
                    batch.removeIf(e -> e == WAKE);
                }
                outbox.add(batch);
                pending.addAndGet(batch.size());
                for (OutboxEvent added : batch) {
                    var waiter = waiting.remove(added.id());
                    if (waiter != null) {
                        waiter.complete(null);
                    }
                }
                batch.clear();
                pause = 100;
                poker();
            } catch (InterruptedException e) {
                break;
            } catch (RuntimeException e) {
                if (closed) {
                    break;
                }
                log.atWarn().setMessage("Could not add webhook events to the outbox; trying again").addKeyValue("events", batch.size())
                        .addKeyValue("reason", e.getMessage()).log();
                try {
                    Thread.sleep(pause);
                } catch (InterruptedException interrupted) {
                    break;
                }
                pause = Math.min(5000, pause * 2);
            }
        }
        waiting.values().forEach(w -> w.complete(null)); // stopping: nobody waits for what will not come
        if (!batch.isEmpty() || !adding.isEmpty()) {
            log.atError().setMessage("samtal stopped with webhook events it could not add to the outbox; they are lost")
                    .addKeyValue("events", batch.size() + adding.size()).log();
        }
    }

    private void poker() {
        if (!closed) {
            poller.execute(this::look);
        }
    }

    /** The planned look: it is no longer pending (it runs), so it plans the next. */
    private void lookAsPlanned() {
        nextLook = null;
        look();
    }

    /** On the poller's thread: looks now, then sets the next look by what is known to wait. */
    private void look() {
        poll();
        if (closed) {
            return;
        }
        boolean soon = outbox.shared() || pending.get() > 0 || !adding.isEmpty();
        if (nextLook != null && !nextLook.isDone()) {
            if (soon == lookingSoon) {
                return; // already set for when it should be
            }
            nextLook.cancel(false);
        }
        lookingSoon = soon;
        try {
            nextLook = poller.schedule(this::lookAsPlanned, soon ? POLL_MILLIS : IDLE_POLL_MILLIS, TimeUnit.MILLISECONDS);
        } catch (RejectedExecutionException e) {
            // closing
        }
    }

    /** On the poller's thread: claims due events (as many as there is room for) and sends them. */
    private void poll() {
        if (closed || !polling.compareAndSet(false, true)) {
            return;
        }
        try {
            boolean idle = pending.get() == 0 && adding.isEmpty();
            int room = MAX_IN_FLIGHT - inFlight.get();
            if (room <= 0) {
                return;
            }
            var claimed = outbox.claim(node, room, clock.instant(), lease);
            for (OutboxEvent event : claimed) {
                inFlight.incrementAndGet();
                attempt(event);
            }
            if (idle || ThreadLocalRandom.current().nextInt(8) == 0 || !claimed.isEmpty()) {
                pending.set(outbox.pending());
            }
        } catch (RuntimeException e) {
            log.atDebug().setMessage("Could not look for due webhooks; trying again").addKeyValue("reason", e.getMessage()).log();
        } finally {
            polling.set(false);
        }
    }

    private void attempt(OutboxEvent event) {
        var target = targets.apply(event.tenantId());
        if (target.isEmpty()) {
            finish(event, "dropped"); // the tenant no longer has a webhook
            return;
        }
        int attempt = event.attempts() + 1;
        byte[] body = event.body().getBytes(StandardCharsets.UTF_8);
        long t = clock.instant().getEpochSecond();
        HttpRequest request;
        try {
            request = HttpRequest.newBuilder(URI.create(target.get().url()))
                    .timeout(config.timeout())
                    .header("Content-Type", "application/json")
                    .header("User-Agent", "samtal-webhooks")
                    .header("Samtal-Webhook-Id", event.id())
                    .header("Samtal-Webhook-Attempt", Integer.toString(attempt))
                    .header("Samtal-Signature", "t=" + t + ",v1=" + sign(target.get().secret(), t, body))
                    .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                    .build();
        } catch (RuntimeException e) {
            finish(event, "failed");
            return;
        }
        http.sendAsync(request, HttpResponse.BodyHandlers.discarding()).whenCompleteAsync((response, failure) -> {
            int status = response != null ? response.statusCode() : 0;
            if (failure == null && status >= 200 && status < 300) {
                finish(event, "delivered");
            } else if (failure == null && !retryable(status)) {
                log.atWarn().setMessage("Webhook refused; not retrying").addKeyValue("tenant", event.tenantId())
                        .addKeyValue("type", event.type()).addKeyValue("status", status).log();
                finish(event, "failed");
            } else if (attempt >= config.maxAttempts()) {
                log.atWarn().setMessage("Webhook undeliverable; giving up").addKeyValue("tenant", event.tenantId())
                        .addKeyValue("type", event.type()).addKeyValue("attempts", attempt).log();
                finish(event, "failed");
            } else {
                try {
                    outbox.retry(node, event, clock.instant().plus(backoff(attempt)));
                } catch (RuntimeException e) {
                    log.atDebug().setMessage("Could not put a webhook back; its claim runs out and it is tried again")
                            .addKeyValue("reason", e.getMessage()).log();
                }
                inFlight.decrementAndGet();
            }
        }, blocking);
    }

    /** Delivered, refused or given up: it leaves the outbox. */
    private void finish(OutboxEvent event, String outcome) {
        try {
            outbox.done(node, event);
            pending.decrementAndGet();
        } catch (RuntimeException e) {
            // Not removed: once the claim runs out it is sent again (at least once; the id lets the platform see it twice).
            log.atDebug().setMessage("Could not mark a webhook done").addKeyValue("reason", e.getMessage()).log();
        }
        metrics.webhook(event.tenantId(), outcome);
        inFlight.decrementAndGet();
        poker();
    }

    private static boolean retryable(int status) {
        return status == 0 || status == 408 || status == 429 || status >= 500;
    }

    /** Exponential backoff from the initial delay, capped, with ±20 % jitter so retries do not align. */
    Duration backoff(int attempt) {
        return backoff(config, attempt);
    }

    static Duration backoff(WebhooksConfig config, int attempt) {
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

    /** Events waiting in the outbox (as last counted) or being added to it. */
    public long pending() {
        return pending.get() + adding.size();
    }

    /**
     * Stops: what is queued is added to the outbox (for at most two seconds), no more events are
     * claimed, and deliveries in flight may finish for a moment; a claim left unfinished runs out
     * and the event is delivered by another node, or after the restart.
     */
    @Override
    public void close() {
        closed = true;
        adding.offer(WAKE);
        try {
            adder.join(Duration.ofSeconds(2));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        adder.interrupt();
        poller.shutdownNow();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
        while (inFlight.get() > 0 && System.nanoTime() < deadline) {
            try {
                Thread.sleep(20);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        http.shutdownNow();
    }
}
