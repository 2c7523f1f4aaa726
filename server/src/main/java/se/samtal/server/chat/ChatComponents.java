package se.samtal.server.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.chat.CareConversations;
import se.samtal.chat.ChatObserver;
import se.samtal.chat.ChatService;
import se.samtal.chat.expectation.ChatPolicies;
import se.samtal.chat.expectation.ChatPolicy;
import se.samtal.chat.live.ChatHub;
import se.samtal.chat.retention.RetentionJob;
import se.samtal.server.audit.AuditTrail;
import se.samtal.server.audit.ChatAudit;
import se.samtal.server.audit.PatientLookup;
import se.samtal.signalling.visit.Principal;
import se.samtal.server.auth.ReplayCache;
import se.samtal.server.auth.TokenMinter;
import se.samtal.signalling.visit.Booking;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.config.ChatConfig;
import se.samtal.server.gateway.ConversationDoor;
import se.samtal.server.gateway.Dispatcher;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.signalling.live.SessionObserver;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.server.webhook.WebhookDispatcher;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Chat, put together for the server: its storage (embedded {@code <dataDir>/chat.db}, or Redis in
 * cluster mode), the engine, the fan-out, the WebSocket requests, the door for care-conversation
 * links, the retention schedule and the webhooks for people who are not connected.
 */
public final class ChatComponents implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(ChatComponents.class);
    /** The first retention run comes this long after start, then every {@code chat.purgeInterval}. */
    private static final Duration FIRST_PURGE = Duration.ofMinutes(1);

    private final ChatStorage storage;
    private final ChatService chat;
    private final CareConversations care;
    private final ChatRequests requests;
    private final ConversationEntrance entrance;
    private final RetentionJob retention;
    private final ChatPolicies policies;
    private final ChatHub hub;
    private final PatientLookup patients;

    /**
     * What chat needs from the rest of the server.
     *
     * @param audit    where chat's audit events go (reads, writes, refusals)
     * @param bookings the sessions, for the patients a session's chat concerns
     * @param followUp what follow-up writes down of chat (messages by role and time, closings)
     * @param sightings whose inbox is open (who of the care team is online)
     * @param dropInEntry the drop-in entry of a tenant's conversation, if it is a drop-in
     */
    public record Needs(ChatStorage storage, ChatConfig config, Tenants tenants, TokenMinter minter, ReplayCache replayCache,
                        WebhookDispatcher webhooks, SamtalMetrics metrics, Executor blocking, int heartbeatSeconds,
                        Duration clockSkew, Clock clock, AuditTrail audit, BookingStore bookings, ChatObserver followUp,
                        se.samtal.server.inbox.InboxSightings sightings,
                        java.util.function.BiFunction<String, String, java.util.Optional<String>> dropInEntry) {
    }

    public ChatComponents(Needs needs) {
        var config = needs.config();
        storage = needs.storage();
        var conversations = storage.conversations();
        var messages = storage.messages();
        var byTenant = new LinkedHashMap<String, ChatPolicy>();
        for (Tenant tenant : needs.tenants().all()) {
            byTenant.put(tenant.id(), tenant.chat().policy());
        }
        policies = new ChatPolicies(byTenant);
        hub = new ChatHub(needs.blocking(), storage.bus(),
                (key, afterSeq, limit) -> messages.export(key.tenantId(), key.conversationId(), afterSeq, limit));
        chat = new ChatService(conversations, messages, hub, policies, config.limits(), storage.sendThrottle(),
                storage.typingThrottle(),
                ChatObserver.all(new ChatNotifications(needs.tenants(), needs.webhooks(), needs.metrics()), needs.followUp()),
                OpaqueIds::next, needs.clock());
        care = new CareConversations(conversations, messages, chat, hub, OpaqueIds::next, needs.clock());
        patients = new PatientLookup(needs.bookings(), care);
        requests = new ChatRequests(chat, new ChatAudit(needs.audit(), patients),
                new TeamPresence(hub, needs.sightings(), needs.tenants(), needs.dropInEntry(), needs.clock()),
                needs.storage().bus() != null);
        entrance = new ConversationEntrance(conversations, needs.tenants(), needs.replayCache(), needs.minter(),
                needs.heartbeatSeconds(), needs.clockSkew());
        retention = new RetentionJob(messages, policies, needs.clock());
        needs.metrics().gauge("samtal_chat_conversations_followed",
                "Conversations with someone following them (or a write on its way) on this node.", hub::activeFeeds);
    }

    public void registerWith(Dispatcher dispatcher) {
        requests.registerWith(dispatcher);
    }

    /**
     * What chat must hear from live sessions: someone sent back to the waiting room stops
     * receiving the session's chat at once (the revocation reads the store, so it runs on {@code blocking}).
     */
    public SessionObserver sessionObserver(Executor blocking) {
        return new SessionObserver() {
            @Override
            public void participantSentBack(Booking booking, Principal principal, String participantId) {
                blocking.execute(() -> chat.revokeSessionChat(booking.tenantId(), booking.id(), principal.ref(), "waiting_room"));
            }
        };
    }

    public ConversationDoor door() {
        return entrance;
    }

    /** What members do in conversations (write, read), for doors that act for a person (drop-in). */
    public ChatService service() {
        return chat;
    }

    public CareConversations conversations() {
        return care;
    }

    /** The patients a session or conversation concerns, for audit events. */
    public PatientLookup patients() {
        return patients;
    }

    public ChatPolicies policies() {
        return policies;
    }

    /** Runs the retention purge on {@code blocking} now and then, every {@code interval}. */
    public void scheduleRetention(ScheduledExecutorService timers, Executor blocking, Duration interval, SamtalMetrics metrics) {
        timers.scheduleWithFixedDelay(() -> blocking.execute(() -> purge(metrics)), FIRST_PURGE.toMillis(), interval.toMillis(),
                TimeUnit.MILLISECONDS);
    }

    /** One retention run now, on this node, whether or not another node runs this round. */
    public void purgeNow(SamtalMetrics metrics) {
        retention.runOnce().forEach((tenant, result) -> metrics.chatPurged(tenant, result.messages(), result.conversations()));
    }

    private void purge(SamtalMetrics metrics) {
        try {
            if (!storage.mayPurge().getAsBoolean()) {
                return; // another node runs this round
            }
            retention.runOnce().forEach((tenant, result) -> metrics.chatPurged(tenant, result.messages(), result.conversations()));
        } catch (RuntimeException e) {
            log.atError().setMessage("Retention purge failed; it runs again at the next interval").setCause(e).log();
        }
    }

    public boolean isHealthy() {
        return storage.healthy().getAsBoolean();
    }

    /** The fan-out of this node (cluster mode: what the bus hands events to). */
    public ChatHub hub() {
        return hub;
    }

    @Override
    public void close() {
        try {
            storage.closer().close();
        } catch (Exception e) {
            log.atWarn().setMessage("Closing chat's store failed").setCause(e).log();
        }
    }
}
