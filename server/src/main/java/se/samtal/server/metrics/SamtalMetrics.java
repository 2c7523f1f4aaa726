package se.samtal.server.metrics;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.instrumentation.jvm.JvmMetrics;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import se.samtal.protocol.ErrorCode;

import java.io.IOException;
import java.io.OutputStream;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.IntSupplier;

/**
 * samtal's Prometheus metrics. Labels carry message types, error codes, routes and tenant ids,
 * never anything about a person. Hot-path data points are cached per label value.
 */
public final class SamtalMetrics {
    private static final double[] LATENCY_BUCKETS = {
            0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};

    private final PrometheusRegistry registry = new PrometheusRegistry();
    private final Gauge connectionsOpen;
    private final Counter connectionsClosed;
    private final Counter joins;
    private final Counter messagesIn;
    private final Counter messagesOut;
    private final Counter errors;
    private final Histogram requestDuration;
    private final Counter httpRequests;
    private final Histogram httpDuration;
    private final Counter webhookDeliveries;
    private final Counter signalsRelayed;
    private final Histogram waitingRoom;
    private final Counter visits;
    private final Histogram visitWaiting;
    private final Histogram visitDuration;
    private final Counter followUpDropped;
    private final Counter chatMessages;
    private final Counter chatPurged;
    private final Histogram storeCommitBatch;
    private final Histogram storeCommitDuration;
    private final Counter consents;
    private final Counter recordingsDeleted;

    private final Map<String, CounterDataPoint> inByType = new ConcurrentHashMap<>();
    private final Map<String, CounterDataPoint> outByType = new ConcurrentHashMap<>();
    private final Map<ErrorCode, CounterDataPoint> errorsByCode = new ConcurrentHashMap<>();
    private final Map<String, DistributionDataPoint> durationByType = new ConcurrentHashMap<>();

    public SamtalMetrics() {
        JvmMetrics.builder().register(registry);
        connectionsOpen = Gauge.builder().name("samtal_connections_open")
                .help("WebSocket connections open on this node.").register(registry);
        connectionsClosed = Counter.builder().name("samtal_connections_closed_total")
                .help("WebSocket connections closed, by close code.").labelNames("code").register(registry);
        joins = Counter.builder().name("samtal_joins_total")
                .help("Successful joins (hello answered with welcome), by tenant and role.")
                .labelNames("tenant", "role").register(registry);
        messagesIn = Counter.builder().name("samtal_messages_in_total")
                .help("WebSocket messages received, by type.").labelNames("type").register(registry);
        messagesOut = Counter.builder().name("samtal_messages_out_total")
                .help("WebSocket messages sent, by type.").labelNames("type").register(registry);
        errors = Counter.builder().name("samtal_errors_total")
                .help("Errors reported to clients, by code.").labelNames("code").register(registry);
        requestDuration = Histogram.builder().name("samtal_request_duration_seconds")
                .help("Time from receiving a WebSocket request to queuing its reply, by type.")
                .unit(Unit.SECONDS).classicUpperBounds(LATENCY_BUCKETS).labelNames("type").register(registry);
        httpRequests = Counter.builder().name("samtal_http_requests_total")
                .help("HTTP requests, by route and status.").labelNames("route", "status").register(registry);
        httpDuration = Histogram.builder().name("samtal_http_request_duration_seconds")
                .help("HTTP request handling time, by route.")
                .unit(Unit.SECONDS).classicUpperBounds(LATENCY_BUCKETS).labelNames("route").register(registry);
        webhookDeliveries = Counter.builder().name("samtal_webhook_deliveries_total")
                .help("Webhook deliveries that finished, by tenant and outcome (delivered, failed, dropped).")
                .labelNames("tenant", "outcome").register(registry);
        signalsRelayed = Counter.builder().name("samtal_signals_relayed_total")
                .help("WebRTC signals relayed between the two participants of a call, by kind (offer, answer, candidate).")
                .labelNames("kind").register(registry);
        waitingRoom = Histogram.builder().name("samtal_waiting_room_seconds")
                .help("How long people waited in the waiting room before a host let them in, by tenant.")
                .unit(Unit.SECONDS).classicUpperBounds(5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
                .labelNames("tenant").register(registry);
        chatMessages = Counter.builder().name("samtal_chat_messages_total")
                .help("Chat messages durably stored, by tenant and conversation kind (session, care).")
                .labelNames("tenant", "kind").register(registry);
        chatPurged = Counter.builder().name("samtal_chat_purged_total")
                .help("What the retention purge removed, by tenant and what (messages, conversations).")
                .labelNames("tenant", "what").register(registry);
        storeCommitBatch = Histogram.builder().name("samtal_store_commit_batch_size")
                .help("Writes committed together in one transaction (group commit), by database.")
                .classicUpperBounds(1, 2, 4, 8, 16, 32, 64, 128, 256, 512).labelNames("database").register(registry);
        storeCommitDuration = Histogram.builder().name("samtal_store_commit_duration_seconds")
                .help("Time to run and durably commit one batch of writes, by database.")
                .unit(Unit.SECONDS).classicUpperBounds(LATENCY_BUCKETS).labelNames("database").register(registry);
        consents = Counter.builder().name("samtal_recording_consents_total")
                .help("Answers about being recorded, by tenant and resulting status (given, refused, withdrawn).")
                .labelNames("tenant", "status").register(registry);
        recordingsDeleted = Counter.builder().name("samtal_recordings_deleted_total")
                .help("Recordings deleted because they passed their tenant's retention, by tenant.")
                .labelNames("tenant").register(registry);
        visits = Counter.builder().name("samtal_visits_total")
                .help("Sessions that ended, by tenant, outcome (completed, no_show, not_held, cancelled) and contact type"
                        + " (video, audio, text, mixed; none without contact).")
                .labelNames("tenant", "outcome", "contact_type").register(registry);
        visitWaiting = Histogram.builder().name("samtal_visit_waiting_seconds")
                .help("How long the patient waited before being let in, per completed visit, by tenant and contact type.")
                .unit(Unit.SECONDS).classicUpperBounds(5, 15, 30, 60, 120, 300, 600, 900, 1800, 3600)
                .labelNames("tenant", "contact_type").register(registry);
        visitDuration = Histogram.builder().name("samtal_visit_duration_seconds")
                .help("How long completed visits lasted, by tenant and contact type.")
                .unit(Unit.SECONDS).classicUpperBounds(60, 300, 600, 900, 1800, 2700, 3600, 5400, 7200, 14400)
                .labelNames("tenant", "contact_type").register(registry);
        followUpDropped = Counter.builder().name("samtal_followup_dropped_total")
                .help("Entries of the visit logs and chat activity that could not be written (a full queue, or a store"
                        + " that stayed away), by log (visit, chat).")
                .labelNames("log").register(registry);
    }

    /** A session ended: its outcome and contact type are counted; a completed visit's waiting and duration observed. */
    public void visitEnded(String tenantId, String outcome, String contactType, Long patientWaitedSeconds, Long durationSeconds) {
        String type = contactType == null ? "none" : contactType;
        visits.labelValues(tenantId, outcome, type).inc();
        if (patientWaitedSeconds != null) {
            visitWaiting.labelValues(tenantId, type).observe(patientWaitedSeconds);
        }
        if (durationSeconds != null) {
            visitDuration.labelValues(tenantId, type).observe(durationSeconds);
        }
    }

    /** Follow-up entries lost ({@code log}: {@code visit} or {@code chat}). */
    public void followUpDropped(String log, int count) {
        followUpDropped.labelValues(log).inc(count);
    }

    /** Reports the number of live sessions per tenant, read when scraped. */
    public void activeSessions(java.util.function.Supplier<Map<String, Integer>> byTenant) {
        GaugeWithCallback.builder().name("samtal_sessions_active")
                .help("Sessions with someone connected or reconnecting on this node, by tenant.")
                .labelNames("tenant")
                .callback(cb -> byTenant.get().forEach((tenant, count) -> cb.call(count, tenant)))
                .register(registry);
    }

    /** Each configured video bridge's health (1 healthy, 0 not) and stress level at its last check, by bridge id. */
    public void videobridges(java.util.function.Supplier<java.util.List<se.samtal.videobridge.select.BridgeSelector.BridgeState>> states) {
        GaugeWithCallback.builder().name("samtal_videobridge_healthy")
                .help("Whether a video bridge answered its last health check (1) or not (0), by bridge.")
                .labelNames("bridge")
                .callback(cb -> states.get().forEach(s -> cb.call(s.healthy() ? 1 : 0, s.client().bridge().id())))
                .register(registry);
        GaugeWithCallback.builder().name("samtal_videobridge_stress")
                .help("A video bridge's stress level at its last check (0 idle, 1 full), by bridge.")
                .labelNames("bridge")
                .callback(cb -> states.get().forEach(s -> cb.call(s.stress(), s.client().bridge().id())))
                .register(registry);
    }

    /** Reports a value read when scraped. */
    public void gauge(String name, String help, IntSupplier value) {
        GaugeWithCallback.builder().name(name).help(help).callback(cb -> cb.call(value.getAsInt())).register(registry);
    }

    /** A counter registered here, for a part of the server that keeps its own (labels: never personal data). */
    public Counter counter(String name, String help, String... labelNames) {
        return Counter.builder().name(name).help(help).labelNames(labelNames).register(registry);
    }

    public void connectionOpened() {
        connectionsOpen.inc();
    }

    /** A connection's socket is gone. */
    public void connectionEnded() {
        connectionsOpen.dec();
    }

    /** A connection ends with {@code code}: counted when the server decides to close it, or when the client closed or dropped it. */
    public void connectionCloseCode(int code) {
        connectionsClosed.labelValues(Integer.toString(code)).inc();
    }

    public void joined(String tenantId, String role) {
        joins.labelValues(tenantId, role).inc();
    }

    public void messageIn(String type) {
        inByType.computeIfAbsent(type, messagesIn::labelValues).inc();
    }

    public void messageOut(String type) {
        outByType.computeIfAbsent(type, messagesOut::labelValues).inc();
    }

    public void error(ErrorCode code) {
        errorsByCode.computeIfAbsent(code, c -> errors.labelValues(c.wire())).inc();
    }

    public void requestHandled(String type, long nanos) {
        durationByType.computeIfAbsent(type, requestDuration::labelValues).observe(nanos / 1e9);
    }

    public void httpRequest(String route, int status, long nanos) {
        httpRequests.labelValues(route, Integer.toString(status)).inc();
        httpDuration.labelValues(route).observe(nanos / 1e9);
    }

    public void webhook(String tenantId, String outcome) {
        webhookDeliveries.labelValues(tenantId, outcome).inc();
    }

    public void signalRelayed(String kind) {
        signalsRelayed.labelValues(kind).inc();
    }

    /** What the metrics hear from live sessions: how long people waited before they were let in. */
    public se.samtal.signalling.live.SessionObserver sessionObserver() {
        return new se.samtal.signalling.live.SessionObserver() {
            @Override
            public void participantAdmitted(se.samtal.signalling.visit.Booking booking, String participantId,
                                            java.time.Duration waited) {
                admitted(booking.tenantId(), waited);
            }

            @Override
            public void consentAnswered(se.samtal.signalling.visit.Booking booking, ConsentAnswer answer) {
                SamtalMetrics.this.consentAnswered(booking.tenantId(), answer.status());
            }
        };
    }

    public void admitted(String tenantId, java.time.Duration waited) {
        waitingRoom.labelValues(tenantId).observe(waited.toMillis() / 1000.0);
    }

    public void chatMessage(String tenantId, String kind) {
        chatMessages.labelValues(tenantId, kind).inc();
    }

    public void chatPurged(String tenantId, int messages, int conversations) {
        chatPurged.labelValues(tenantId, "messages").inc(messages);
        chatPurged.labelValues(tenantId, "conversations").inc(conversations);
    }

    public void storeCommit(String database, int batchSize, long nanos) {
        storeCommitBatch.labelValues(database).observe(batchSize);
        storeCommitDuration.labelValues(database).observe(nanos / 1e9);
    }

    public void consentAnswered(String tenantId, String status) {
        consents.labelValues(tenantId, status).inc();
    }

    public void recordingsDeleted(String tenantId, int count) {
        recordingsDeleted.labelValues(tenantId).inc(count);
    }

    /** Writes every metric in the Prometheus text format. */
    public void writeTo(OutputStream out) throws IOException {
        PrometheusTextFormatWriter.create().write(out, registry.scrape());
    }

    public static String contentType() {
        return PrometheusTextFormatWriter.CONTENT_TYPE;
    }
}
