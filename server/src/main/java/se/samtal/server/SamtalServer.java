package se.samtal.server;

import se.samtal.server.bridge.Videobridges;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.WireCodec;
import se.samtal.server.api.ApiCallAudit;
import se.samtal.server.api.ApiRequest;
import se.samtal.server.api.AuditApi;
import se.samtal.server.api.ConversationApi;
import se.samtal.server.audit.AuditComponents;
import se.samtal.server.audit.RecordingAudit;
import se.samtal.server.audit.SessionAudit;
import se.samtal.server.audit.VisitAudit;
import se.samtal.server.api.PlatformApi;
import se.samtal.server.auth.InMemoryReplayCache;
import se.samtal.server.auth.ReplayCache;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.auth.TokenVerifier;
import se.samtal.server.booking.BookingService;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.booking.SqliteBookingStore;
import se.samtal.server.chat.ChatComponents;
import se.samtal.server.chat.ChatStorage;
import se.samtal.server.cluster.Cluster;
import se.samtal.server.config.SamtalConfig;
import se.samtal.server.config.TenantConfig;
import se.samtal.server.demo.DemoEndpoint;
import se.samtal.server.demo.DemoMode;
import se.samtal.server.disk.DataDisk;
import se.samtal.server.followup.FollowUp;
import se.samtal.server.gateway.Dispatcher;
import se.samtal.server.gateway.Gateway;
import se.samtal.server.gateway.TokenBucketRateLimiter;
import se.samtal.server.http.HttpRoutes;
import se.samtal.server.http.HttpServer;
import se.samtal.server.http.TlsContext;
import se.samtal.server.net.ClientAddresses;
import se.samtal.server.throttle.FailedAuthentications;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.recording.RecordingBackends;
import se.samtal.server.recording.RecordingRetentionJob;
import se.samtal.server.session.BookingStoreLedger;
import se.samtal.server.session.RecordingRequests;
import se.samtal.server.session.SessionEntrance;
import se.samtal.server.session.SessionRequests;
import se.samtal.server.session.SessionWire;
import se.samtal.server.session.TenantSessionRules;
import se.samtal.server.session.VisitRequests;
import se.samtal.server.tenant.Tenants;
import se.samtal.server.webhook.WebhookDispatcher;
import se.samtal.server.webhook.WebhookObserver;
import se.samtal.server.webhook.SqliteWebhookOutbox;
import se.samtal.server.webhook.WebhookOutbox;
import se.samtal.signalling.live.LiveSessions;
import se.samtal.signalling.live.LocalSessionSpace;
import se.samtal.signalling.live.SessionObserver;
import se.samtal.signalling.live.SessionSpace;
import se.samtal.sqlite.SqliteDatabase;

import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import java.util.function.ToLongFunction;
import java.security.SecureRandom;
import se.samtal.chat.ChatObserver;
import se.samtal.server.api.DropInPages;
import se.samtal.server.api.InboxPages;
import se.samtal.server.auth.StaffTokens;
import se.samtal.server.inbox.Inbox;
import se.samtal.server.inbox.InboxSightings;
import se.samtal.server.inbox.LocalInboxSightings;
import se.samtal.server.dropin.DropIn;
import se.samtal.server.dropin.DropInLedger;
import se.samtal.server.dropin.DropInStore;
import se.samtal.server.dropin.DropIns;
import se.samtal.server.dropin.ReturnAttempts;
import se.samtal.server.dropin.ReturnCodes;
import se.samtal.server.dropin.SqliteDropInStore;

/**
 * The composition root: builds every part from the configuration with plain constructors, starts
 * the port, and shuts everything down in order.
 */
public final class SamtalServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SamtalServer.class);

    private final SamtalConfig config;
    private final Cluster cluster;
    private final SqliteDatabase sessionsDb;
    private final SqliteDatabase webhooksDb;
    private final SqliteDatabase dropInDb;
    /** Embedded: the chat database, which also holds the audit trail unless that is in Redis (null in cluster mode). */
    private final SqliteDatabase chatDb;
    private final DropIns dropIns;
    private final ChatComponents chat;
    private final AuditComponents audit;
    private final FollowUp followUp;
    private final ScheduledExecutorService timers;
    private final ExecutorService blocking;
    private final WebhookDispatcher webhooks;
    private final Gateway gateway;
    private final HttpServer http;
    private final SamtalMetrics metrics;
    private final RecordingRetentionJob recordingRetention;
    private final Videobridges videobridges;
    private final FailedAuthentications authFailures;
    private final TlsContext tls;
    private final AtomicBoolean stopped = new AtomicBoolean();
    private volatile InetSocketAddress address;

    private SamtalServer(SamtalConfig config, Clock clock, RecordingBackends recordings) {
        this.config = config;
        var codec = new WireCodec();
        metrics = new SamtalMetrics();
        var tenants = new Tenants(config.tenants());
        String node = OpaqueIds.next("n_");
        timers = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("samtal-timers").daemon().factory());
        blocking = Executors.newThreadPerTaskExecutor(Thread.ofVirtual().name("samtal-blocking-", 0).factory());
        // Cluster mode (a Redis URL) keeps every shared state in Redis; embedded keeps it in memory and SQLite.
        cluster = config.redis().enabled() ? Cluster.connect(node, config.redis(), config.tenants().stream().map(TenantConfig::id).toList(),
                config.presence().replayEvents(), clock, timers, blocking) : null;
        sessionsDb = cluster == null ? SqliteDatabase.open(config.dataDir().resolve("sessions.db"), SqliteBookingStore.migrations(), 4)
                : null;
        BookingStore bookingStore;
        if (sessionsDb != null) {
            sessionsDb.observeCommits((batch, nanos) -> metrics.storeCommit("sessions", batch, nanos));
            bookingStore = new SqliteBookingStore(sessionsDb);
        } else {
            bookingStore = cluster.bookings();
        }
        var bookings = new BookingService(bookingStore, clock);
        var minter = new TokenMinter(config.tokens(), clock);
        var verifier = new TokenVerifier(tenants, config.tokens(), clock);
        // Webhook events wait in a durable outbox: the embedded store, or Redis (claimed with leases by every node).
        webhooksDb = cluster == null ? SqliteDatabase.open(config.dataDir().resolve("webhooks.db"), SqliteWebhookOutbox.migrations(), 1)
                : null;
        WebhookOutbox outbox = webhooksDb != null ? new SqliteWebhookOutbox(webhooksDb) : cluster.webhookOutbox();
        webhooks = new WebhookDispatcher(config.webhooks(), outbox, tenantId -> tenants.byId(tenantId).flatMap(t -> t.webhook()), node,
                metrics, clock, blocking);

        // Embedded, chat.db also holds the audit trail (unless it is in Redis): a message and its entry are one write.
        chatDb = cluster == null ? ChatStorage.openDatabase(config.dataDir(), config.audit().redisUrl() == null, metrics) : null;
        audit = new AuditComponents(config.audit(), config.dataDir(), chatDb, tenants, metrics, clock);
        audit.scheduleRetention(timers, blocking, config.audit().purgeInterval());
        var trail = audit.trail();

        int heartbeatSeconds = (int) Math.max(1, config.gateway().pingInterval().toSeconds());
        ReplayCache replayCache = cluster == null ? new InMemoryReplayCache(clock) : cluster.replayCache();
        ChatStorage chatStorage = cluster == null ? ChatStorage.embedded(chatDb, config.chat())
                : cluster.chatStorage(config.chat(), config.tokens().signingSecret().getBytes(StandardCharsets.UTF_8));
        var followUpNeeds = new FollowUp.Needs(tenants, bookingStore, webhooks, metrics, blocking, clock);
        followUp = cluster == null ? FollowUp.embedded(config.dataDir(), followUpNeeds)
                : FollowUp.onRedis(cluster.visitLog(), cluster.chatActivityLog(), followUpNeeds);
        dropInDb = cluster == null ? SqliteDatabase.open(config.dataDir().resolve("drop-in.db"), SqliteDropInStore.MIGRATIONS, 2)
                : null;
        DropInStore dropInStore = dropInDb != null ? new SqliteDropInStore(dropInDb) : cluster.dropIns();
        InboxSightings sightings = cluster == null ? new LocalInboxSightings() : cluster.inboxSightings();
        chat = new ChatComponents(new ChatComponents.Needs(chatStorage, config.chat(), tenants, minter, replayCache,
                webhooks, metrics, blocking, heartbeatSeconds, config.tokens().clockSkew(), clock, trail, bookingStore,
                ChatObserver.all(followUp.chatObserver(), new DropInLedger(dropInStore)), sightings,
                (tenantId, conversationId) -> dropInStore.byConversation(tenantId, conversationId).map(DropIn::entryId)));
        chat.scheduleRetention(timers, blocking, config.chat().purgeInterval(), metrics);
        followUp.holdsFrom(chat.conversations());
        followUp.scheduleRetention(timers, blocking, config.chat().purgeInterval());
        var visitAudit = new VisitAudit(trail, chat.patients(), tenants, config.tokens());
        var observer = SessionObserver.all(new WebhookObserver(tenants, webhooks), metrics.sessionObserver(),
                chat.sessionObserver(blocking), new SessionAudit(trail), new RecordingAudit(visitAudit, trail),
                followUp.sessionObserver());
        SessionSpace space = cluster == null ? new LocalSessionSpace(node, config.presence().replayEvents(), timers, clock)
                : cluster.sessions();
        videobridges = Videobridges.start(config.videobridge(), timers, blocking);
        metrics.videobridges(videobridges::states);
        var sessionRules = new TenantSessionRules(tenants, recordings.recorder(), clock, videobridges.bridge().configured());
        var liveSessions = new LiveSessions(node, space, sessionRules, new BookingStoreLedger(bookingStore, clock), observer,
                OpaqueIds::next, config.presence().reconnectGrace(), blocking, clock, videobridges.bridge());
        var sessionWire = new SessionWire(codec, minter, sessionRules, heartbeatSeconds, clock);
        metrics.activeSessions(liveSessions::activeByTenant);
        if (recordings.recorder() instanceof se.samtal.server.recording.NoRecorder) {
            tenants.all().stream().filter(t -> t.recording().enabled()).forEach(t -> log.atWarn()
                    .setMessage("The tenant allows recording, but this samtal has no recorder yet: every recording will fail to start")
                    .addKeyValue("tenant", t.id()).log());
        }
        recordingRetention = new RecordingRetentionJob(recordings.archive(), tenants.all(), metrics, clock);
        recordingRetention.schedule(timers, blocking, config.recording().purgeInterval());

        var dispatcher = new Dispatcher();
        new SessionRequests(liveSessions, bookings, visitAudit, clock).registerWith(dispatcher);
        new VisitRequests(metrics, visitAudit).registerWith(dispatcher);
        chat.registerWith(dispatcher);
        new RecordingRequests().registerWith(dispatcher);
        var rateLimiter = new TokenBucketRateLimiter(config.gateway().requestsPerSecond(), config.gateway().requestBurst(),
                System::nanoTime);
        // Failed authentication: allowances per client address and per claimed tenant; in cluster
        // mode counted in Redis across the nodes (in memory on this node while Redis is away).
        var auth = config.auth();
        var perAddress = new TokenBucketRateLimiter(auth.failuresPerAddressPerMinute() / 60.0, auth.failuresPerAddress(), System::nanoTime);
        var perTenant = new TokenBucketRateLimiter(auth.failuresPerTenantPerMinute() / 60.0, auth.failuresPerTenant(), System::nanoTime);
        ToLongFunction<String> addressAllowance = perAddress::tryAcquire;
        ToLongFunction<String> tenantAllowance = perTenant::tryAcquire;
        if (cluster != null) {
            byte[] secret = config.tokens().signingSecret().getBytes(StandardCharsets.UTF_8);
            addressAllowance = shared(cluster.rateLimiter("auth-address", auth.failuresPerAddressPerMinute() / 60.0,
                    auth.failuresPerAddress(), secret), perAddress);
            tenantAllowance = shared(cluster.rateLimiter("auth-tenant", auth.failuresPerTenantPerMinute() / 60.0,
                    auth.failuresPerTenant(), secret), perTenant);
        }
        authFailures = new FailedAuthentications(auth, addressAllowance, tenantAllowance, System::nanoTime, trail, timers, metrics);
        dropIns = new DropIns(tenants, dropInStore, chat.conversations(), chat.service(), minter,
                new ReturnCodes(new SecureRandom(), config.tokens().signingSecret().getBytes(StandardCharsets.UTF_8)),
                returnAttempts(config, authFailures), newDropInAllowances(config), trail, metrics, clock);
        timers.scheduleWithFixedDelay(() -> blocking.execute(this::purgeDropIns), 60_000,
                config.chat().purgeInterval().toMillis(), TimeUnit.MILLISECONDS);
        var staffTokens = new StaffTokens(config.tokens(), clock);
        var clientAddresses = new ClientAddresses(config.http());
        var sessionDoor = new SessionEntrance(liveSessions, sessionWire, tenants, bookingStore, replayCache, minter, clock,
                config.tokens().clockSkew());
        gateway = new Gateway(codec, config.gateway(), config.tokens(), metrics, dispatcher, rateLimiter, verifier, sessionDoor,
                chat.door(), visitAudit, blocking, clientAddresses, authFailures);

        var api = new PlatformApi(tenants, bookings, liveSessions, minter, config.tokens(), this::publicUrl,
                new ConversationApi(chat.conversations(), chat.policies(), minter, config.tokens(), this::publicUrl, chat.patients(),
                        trail.log()),
                new AuditApi(trail, chat.patients()), new ApiCallAudit(trail, codec.mapper()), authFailures, followUp.records(),
                followUp.reports(), dropIns, staffTokens);
        DemoEndpoint demo = config.isDemo()
                ? new DemoEndpoint(tenants.byId(DemoMode.TENANT).orElseThrow(), bookings, chat.conversations(), minter,
                        this::publicUrl, clock, staffTokens)
                : null;
        var readiness = new LinkedHashMap<String, BooleanSupplier>();
        if (cluster == null) {
            var disk = new DataDisk(config.dataDir());
            disk.warnIfSmall();
            readiness.put("disk", disk::hasRoom);
        }
        readiness.put("store", bookingStore::isHealthy);
        readiness.put("chatStore", chat::isHealthy);
        readiness.put("auditStore", audit::isHealthy);
        readiness.put("recordStore", followUp::isHealthy);
        readiness.put("dropInStore", dropInStore::isHealthy);
        if (cluster != null) {
            readiness.put("cluster", cluster::isHealthy);
            cluster.start(liveSessions, chat.hub(), gateway::reconnectAll, metrics);
        }
        var routes = new HttpRoutes((request, requestId, from) -> api.handle(ApiRequest.of(request, requestId, from)), metrics,
                blocking, readiness, gateway::isShuttingDown, demo, config.http().managementPort() == null,
                new DropInPages(dropIns)::handle,
                new InboxPages(new Inbox(tenants, chat.conversations(), chat.service(), dropIns, bookings, minter, chat.patients(),
                        trail, sightings, clock), staffTokens, authFailures, trail, this::publicUrl)::handle);
        tls = config.http().tls() != null ? new TlsContext(config.http().tls()) : null;
        if (tls != null) {
            tls.watch(timers, config.http().tls().reloadInterval());
        }
        http = new HttpServer(config.http(), config.gateway(), routes, gateway, clientAddresses, tls);
    }

    /** Wrong return codes: allowances per address and per tenant ({@link ReturnAttempts}), shared in cluster mode. */
    private ReturnAttempts returnAttempts(SamtalConfig config, FailedAuthentications auth) {
        var perAddress = new TokenBucketRateLimiter(ReturnAttempts.PER_ADDRESS / 3600.0, ReturnAttempts.PER_ADDRESS, System::nanoTime);
        var perTenant = new TokenBucketRateLimiter(ReturnAttempts.PER_TENANT / 3600.0, ReturnAttempts.PER_TENANT, System::nanoTime);
        return new ReturnAttempts(auth, counted("drop-in-return-address", ReturnAttempts.PER_ADDRESS, perAddress, config),
                counted("drop-in-return-tenant", ReturnAttempts.PER_TENANT, perTenant, config), System::nanoTime);
    }

    /** New drop-ins: each entry's allowances per client address and for the entry, per hour. */
    private DropIns.Allowances newDropInAllowances(SamtalConfig config) {
        var perAddress = new java.util.HashMap<String, ToLongFunction<String>>();
        var perEntry = new java.util.HashMap<String, ToLongFunction<String>>();
        for (TenantConfig tenant : config.tenants()) {
            for (var entry : tenant.dropIn().entries()) {
                int a = entry.newPerAddressPerHour();
                int e = entry.newPerHour();
                perAddress.put(entry.id(), counted("drop-in-new-address-" + entry.id(), a,
                        new TokenBucketRateLimiter(a / 3600.0, a, System::nanoTime), config));
                perEntry.put(entry.id(), counted("drop-in-new-" + entry.id(), e,
                        new TokenBucketRateLimiter(e / 3600.0, e, System::nanoTime), config));
            }
        }
        return DropIns.allowances(entry -> perAddress.get(entry.id()), entry -> perEntry.get(entry.id()));
    }

    /**
     * An hourly allowance ({@code perHour}, as a burst too): in cluster mode counted in Redis (keys
     * begin with the tenant id), on this node alone while Redis does not answer.
     */
    private ToLongFunction<String> counted(String name, int perHour, TokenBucketRateLimiter local, SamtalConfig config) {
        if (cluster == null) {
            return local::tryAcquire;
        }
        var shared = cluster.rateLimiter(name, perHour / 3600.0, perHour,
                config.tokens().signingSecret().getBytes(StandardCharsets.UTF_8));
        return key -> {
            try {
                return shared.tryAcquire(key);
            } catch (RuntimeException e) {
                return local.tryAcquire(key);
            }
        };
    }

    private void purgeDropIns() {
        try {
            dropIns.purgeClosed();
        } catch (RuntimeException e) {
            log.atError().setMessage("Drop-in retention failed; it runs again at the next interval").setCause(e).log();
        }
    }

    /** An allowance counted in Redis, and on this node alone while Redis does not answer. */
    private static ToLongFunction<String> shared(se.samtal.server.gateway.RateLimiter redis, TokenBucketRateLimiter local) {
        return key -> {
            try {
                return redis.tryAcquire("auth\u0000" + key);
            } catch (RuntimeException e) {
                return local.tryAcquire(key);
            }
        };
    }

    /** Builds and starts a server; the returned server is listening. */
    public static SamtalServer start(SamtalConfig config, Clock clock) throws InterruptedException {
        return start(config, clock, RecordingBackends.NONE);
    }

    /**
     * Builds and starts a server that records through {@code recordings} (samtal has no recorder of
     * its own yet: {@link RecordingBackends#NONE} refuses every start).
     */
    public static SamtalServer start(SamtalConfig config, Clock clock, RecordingBackends recordings) throws InterruptedException {
        var server = new SamtalServer(config, clock, recordings);
        try {
            server.address = server.http.start();
        } catch (InterruptedException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    public int port() {
        return address.getPort();
    }

    /** {@code http://host:port} (or {@code https://} with TLS) as bound (use the configured public URL for links). */
    public URI baseUri() {
        String host = address.getAddress().isAnyLocalAddress() ? "127.0.0.1" : address.getHostString();
        return URI.create((tls != null ? "https://" : "http://") + host + ":" + address.getPort());
    }

    /** {@code http://host:port} of the management port, if one is configured. */
    public java.util.Optional<URI> managementUri() {
        return http.managementAddress().map(a -> URI.create("http://" + (a.getAddress().isAnyLocalAddress() ? "127.0.0.1"
                : a.getHostString()) + ":" + a.getPort()));
    }

    /** Where browsers reach this server: {@code http.publicUrl}, or the bound address if that is unset. */
    public String publicUrl() {
        String configured = config.http().publicUrl();
        return configured != null ? configured : baseUri().toString();
    }

    public SamtalMetrics metrics() {
        return metrics;
    }

    /**
     * Runs every retention purge of chat, drop-in and follow-up now, as the schedule would (for tests, and
     * for tools that must not wait for {@code chat.purgeInterval}).
     */
    public void purgeNow() {
        chat.purgeNow(metrics);
        dropIns.purgeClosed();
        followUp.purge();
    }

    public int openConnections() {
        return gateway.openConnections();
    }

    /**
     * Graceful shutdown: stop accepting, tell every WebSocket client "going away" (1001), wait
     * for them to close (at most {@code shutdown.drainTimeout}), then stop everything.
     */
    @Override
    public void close() {
        if (!stopped.compareAndSet(false, true)) {
            return;
        }
        long deadline = System.nanoTime() + config.shutdown().drainTimeout().toNanos();
        log.atInfo().setMessage("Shutting down").addKeyValue("connections", gateway.openConnections()).log();
        http.stopAccepting();
        gateway.goingAway();
        try {
            while (gateway.openConnections() > 0 && System.nanoTime() < deadline) {
                TimeUnit.MILLISECONDS.sleep(20);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        http.stop();
        if (tls != null) {
            tls.close();
        }
        authFailures.close();
        recordingRetention.close();
        webhooks.close();
        videobridges.close();
        timers.shutdownNow();
        blocking.shutdown();
        try {
            blocking.awaitTermination(Math.max(0, deadline - System.nanoTime()) + TimeUnit.SECONDS.toNanos(1), TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (sessionsDb != null) {
            sessionsDb.close();
        }
        if (webhooksDb != null) {
            webhooksDb.close();
        }
        if (dropInDb != null) {
            dropInDb.close();
        }
        chat.close();
        followUp.close();
        if (cluster != null) {
            cluster.close();
        }
        audit.close();
        if (chatDb != null) {
            chatDb.close();
        }
        log.atInfo().setMessage("Stopped").log();
    }
}
