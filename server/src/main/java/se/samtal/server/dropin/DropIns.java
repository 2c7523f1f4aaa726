package se.samtal.server.dropin;

import io.prometheus.metrics.core.metrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditObject;
import se.samtal.chat.CareConversations;
import se.samtal.chat.ChatActor;
import se.samtal.chat.ChatService;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.expectation.Expectations;
import se.samtal.chat.message.MessageText;
import se.samtal.chat.store.Appended;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.server.audit.AuditTrail;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.config.TenantDropInConfig;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.net.ClientAddress;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.signalling.visit.Principal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletionException;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Anonymous drop-in chat: someone opens a tenant's entry page, writes, and so starts a care
 * conversation as a pseudonymous person ({@code anon_…}); they come back with the return key their
 * browser kept, or with the return code from any device. New conversations are limited per client
 * address and per entry, and open ones per entry; wrong codes are throttled ({@link ReturnAttempts}).
 * The care provider can block a return code. Closed drop-in conversations are deleted after the
 * tenant's {@code dropIn.retentionDays}. Blocks on stores: call it off event loops.
 */
public final class DropIns {
    private static final Logger log = LoggerFactory.getLogger(DropIns.class);
    /** How long the link a drop-in page gets lasts: long enough to connect; reconnects use resume tokens. */
    public static final Duration LINK_TTL = Duration.ofMinutes(10);
    /** How long the person's link to an offered video visit lasts. */
    public static final Duration VISIT_LINK_TTL = Duration.ofMinutes(30);
    private static final int PURGE_ROUND = 500;

    /** An entry with the tenant it belongs to. */
    public record Door(Tenant tenant, TenantDropInConfig.Entry entry) {
    }

    /** What the page says before anyone writes. */
    public record About(Door door, Expectations expectations) {
    }

    /**
     * A conversation to open: a link (token) to it for this browser, the return key it keeps and
     * (when it is new, or was reached by code) the return code to show.
     */
    public record Admission(String token, Instant expiresAt, String returnKey, String returnCode, boolean created) {
    }

    /**
     * Allowances for new drop-ins, by limit key ({@code <tenant>\0<entry>[\0<address>]}): 0 if
     * allowed, else milliseconds until one would be.
     */
    public interface Allowances {
        long perAddress(TenantDropInConfig.Entry entry, String key);

        long perEntry(TenantDropInConfig.Entry entry, String key);
    }

    private final Tenants tenants;
    private final Map<String, Door> doors;
    private final DropInStore store;
    private final CareConversations care;
    private final ChatService chat;
    private final TokenMinter minter;
    private final ReturnCodes codes;
    private final ReturnAttempts attempts;
    private final Allowances allowances;
    private final AuditTrail trail;
    private final Clock clock;
    private final Counter outcomes;
    private final Counter purged;

    public DropIns(Tenants tenants, DropInStore store, CareConversations care, ChatService chat, TokenMinter minter,
                   ReturnCodes codes, ReturnAttempts attempts, Allowances allowances, AuditTrail trail, SamtalMetrics metrics,
                   Clock clock) {
        var byId = new LinkedHashMap<String, Door>();
        for (Tenant tenant : tenants.all()) {
            for (var entry : tenant.dropIn().entries()) {
                byId.put(entry.id(), new Door(tenant, entry));
            }
        }
        this.tenants = tenants;
        this.doors = Map.copyOf(byId);
        this.store = store;
        this.care = care;
        this.chat = chat;
        this.minter = minter;
        this.codes = codes;
        this.attempts = attempts;
        this.allowances = allowances;
        this.trail = trail;
        this.clock = clock;
        this.outcomes = metrics.counter("samtal_drop_in_requests_total",
                "Drop-in requests by tenant and outcome: started, returned, rate_limited, full, unknown_code, blocked.",
                "tenant", "outcome");
        this.purged = metrics.counter("samtal_drop_in_purged_total",
                "Closed drop-in conversations deleted by their retention, by tenant.", "tenant");
    }

    /** The entry {@code entryId}, or {@code not_found}. */
    public Door door(String entryId) {
        Door door = entryId == null ? null : doors.get(entryId);
        if (door == null) {
            throw new SamtalException(ErrorCode.NOT_FOUND, "No drop-in chat has that address.");
        }
        return door;
    }

    /** What the entry's page tells people before they write: who answers, when, and where to turn. */
    public About about(String entryId) {
        Door door = door(entryId);
        var probe = new Conversation(door.tenant().id(), "probe", se.samtal.chat.conversation.ConversationKind.CARE, null, null,
                null, ConversationStatus.OPEN, settings(door.entry()), 0, 0, null, clock.instant(), clock.instant(), null);
        return new About(door, Expectations.of(probe, chat.policy(door.tenant().id()), clock.instant()));
    }

    /**
     * Starts a conversation with its first message. Refusals, in this order, change nothing:
     * {@code not_found} (no such entry), {@code message_empty} / {@code message_too_long} (the chat
     * limits), {@code rate_limited} (the address's or the entry's allowance of new ones is used up),
     * {@code drop_in_full} (the entry has {@code maxOpen} open ones), {@code tenant_limit_reached}.
     */
    public Admission start(String entryId, String text, ClientAddress from, String requestId) {
        Door door = door(entryId);
        String tenantId = door.tenant().id();
        MessageText.check(text, chat.limits().maxMessageChars());
        var entry = door.entry();
        long wait = allowances.perAddress(entry, tenantId + "\u0000" + entry.id() + "\u0000" + from.limitKey());
        if (wait == 0) {
            wait = allowances.perEntry(entry, tenantId + "\u0000" + entry.id());
        }
        if (wait > 0) {
            count(tenantId, "rate_limited");
            throw SamtalException.rateLimited("Many conversations have started here just now; try again in a while.", wait);
        }
        if (store.openCount(tenantId, entry.id()) >= entry.maxOpen()) {
            count(tenantId, "full");
            throw new SamtalException(ErrorCode.DROP_IN_FULL);
        }
        String ref = OpaqueIds.next("anon_");
        Conversation conversation = care.openAnonymous(tenantId, entry.title().sv(), ref, settings(entry));
        String key = codes.newKey();
        String code = codes.newCode();
        var dropIn = new DropIn(tenantId, conversation.id(), entry.id(), ref, codes.keyHash(tenantId, key),
                codes.codeHash(tenantId, code), now());
        if (!store.create(dropIn, entry.maxOpen())) {
            care.delete(tenantId, conversation.id());
            count(tenantId, "full");
            throw new SamtalException(ErrorCode.DROP_IN_FULL);
        }
        trail.queue(trail.event(tenantId, Actor.person(ref, Role.PATIENT.wire()), AuditAction.CONVERSATION_OPENED)
                .object(AuditObject.conversation(conversation.id())).patients(java.util.List.of(ref)).request(requestId)
                .detail("via", "drop_in").detail("entry", entry.id()).build());
        Appended first = firstMessage(new ChatActor(tenantId, ref, Role.PATIENT, null), conversation.id(), text);
        trail.queue(trail.event(tenantId, Actor.person(ref, Role.PATIENT.wire()), AuditAction.CHAT_MESSAGE_SENT)
                .object(AuditObject.conversation(conversation.id())).patients(java.util.List.of(ref)).request(requestId)
                .detail("seq", first.message().seq())
                .detail("hour", first.message().sentAt().truncatedTo(java.time.temporal.ChronoUnit.HOURS).toString())
                .detail("chain", first.chain()).build());
        count(tenantId, "started");
        log.atInfo().setMessage("Drop-in conversation started").addKeyValue("tenant", tenantId).addKeyValue("entry", entry.id())
                .addKeyValue("conversation", conversation.id()).log();
        var link = minter.conversationToken(new Principal(tenantId, ref, Role.PATIENT, null), conversation.id(), LINK_TTL);
        return new Admission(link.token(), link.expiresAt(), key, code, true);
    }

    private Appended firstMessage(ChatActor actor, String conversationId, String text) {
        try {
            return chat.send(actor, conversationId, "first", text, null).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
    }

    /**
     * Opens the conversation again, for the person who started it: by the return key their browser
     * kept, or by the return code ({@code returnCode}, typed in any case, words separated by spaces
     * or dashes). Exactly one of the two. Refusals: {@code rate_limited} (too many wrong ones:
     * checked before anything is looked up), {@code return_code_unknown}, {@code drop_in_blocked}.
     */
    public Admission comeBack(String entryId, String returnKey, String returnCode, ClientAddress from, String requestId) {
        DropIn dropIn = locate(entryId, returnKey, returnCode, from, requestId);
        String tenantId = dropIn.tenantId();
        boolean byCode = returnCode != null;
        var link = minter.conversationToken(new Principal(tenantId, dropIn.personRef(), Role.PATIENT, null),
                dropIn.conversationId(), LINK_TTL);
        trail.queue(trail.event(tenantId, Actor.person(dropIn.personRef(), Role.PATIENT.wire()), AuditAction.LINK_MINTED)
                .object(AuditObject.conversation(dropIn.conversationId())).patients(java.util.List.of(dropIn.personRef()))
                .request(requestId).detail("via", byCode ? "return_code" : "return_key").build());
        count(tenantId, "returned");
        // There is one return key, kept by the browser that started; a device that came by code keeps the code.
        return new Admission(link.token(), link.expiresAt(), byCode ? null : returnKey,
                byCode ? ReturnCodes.canonical(returnCode).orElseThrow() : null, false);
    }

    /** A join link to the video visit the care team offered, and when it stops working. */
    public record VisitLink(String token, Instant expiresAt, String sessionId) {
    }

    /**
     * The person's link to the video visit offered in their conversation (by return key or code, as
     * {@link #comeBack}); {@code not_found} if none was offered.
     */
    public VisitLink visit(String entryId, String returnKey, String returnCode, ClientAddress from, String requestId) {
        DropIn dropIn = locate(entryId, returnKey, returnCode, from, requestId);
        if (dropIn.visitSession() == null) {
            throw new SamtalException(ErrorCode.NOT_FOUND, "No video visit has been offered in this conversation.");
        }
        var link = minter.joinToken(new Principal(dropIn.tenantId(), dropIn.personRef(), Role.PATIENT, null),
                dropIn.visitSession(), VISIT_LINK_TTL);
        trail.queue(trail.event(dropIn.tenantId(), Actor.person(dropIn.personRef(), Role.PATIENT.wire()), AuditAction.LINK_MINTED)
                .object(AuditObject.session(dropIn.visitSession())).patients(java.util.List.of(dropIn.personRef()))
                .request(requestId).detail("via", returnCode != null ? "return_code" : "return_key").build());
        return new VisitLink(link.token(), link.expiresAt(), dropIn.visitSession());
    }

    private boolean conversationExists(DropIn dropIn) {
        try {
            care.get(dropIn.tenantId(), dropIn.conversationId());
            return true;
        } catch (SamtalException e) {
            if (e.code() == ErrorCode.CONVERSATION_NOT_FOUND) {
                return false;
            }
            throw e;
        }
    }

    /** The drop-in a return key or code names, after the throttle, the lookup and the block. */
    private DropIn locate(String entryId, String returnKey, String returnCode, ClientAddress from, String requestId) {
        Door door = door(entryId);
        String tenantId = door.tenant().id();
        if ((returnKey == null) == (returnCode == null)) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "Give 'returnKey' or 'returnCode'.");
        }
        boolean byCode = returnCode != null;
        attempts.beforeCheck(tenantId, from, byCode);
        Optional<DropIn> found;
        if (byCode) {
            found = ReturnCodes.canonical(returnCode).flatMap(c -> store.byCodeHash(tenantId, codes.codeHash(tenantId, c)));
        } else {
            found = ReturnCodes.isKeyShaped(returnKey) ? store.byKeyHash(tenantId, codes.keyHash(tenantId, returnKey))
                    : Optional.empty();
        }
        found = found.filter(d -> d.entryId().equals(door.entry().id()));
        if (found.isEmpty()) {
            count(tenantId, "unknown_code");
            throw attempts.failed(tenantId, from, byCode, () -> trail.event(tenantId, Actor.anonymous(), AuditAction.AUTH_FAILED)
                    .request(requestId).refused(ErrorCode.RETURN_CODE_UNKNOWN.wire()).detail("via", "return_code")
                    .detail("addressClass", from.addressClass())
                    .detail("entry", door.entry().id()).build(), new SamtalException(ErrorCode.RETURN_CODE_UNKNOWN));
        }
        DropIn dropIn = found.get();
        if (!conversationExists(dropIn)) {
            // The chat retention removed it first (its chat.retentionDays is shorter): nothing to come back to.
            store.delete(tenantId, dropIn.conversationId());
            count(tenantId, "unknown_code");
            throw new SamtalException(ErrorCode.RETURN_CODE_UNKNOWN);
        }
        if (dropIn.isBlocked()) {
            count(tenantId, "blocked");
            trail.queue(trail.event(tenantId, Actor.person(dropIn.personRef(), Role.PATIENT.wire()), AuditAction.LINK_MINTED)
                    .object(AuditObject.conversation(dropIn.conversationId())).patients(java.util.List.of(dropIn.personRef()))
                    .request(requestId).refused(ErrorCode.DROP_IN_BLOCKED.wire()).detail("via", byCode ? "return_code" : "return_key")
                    .build());
            throw new SamtalException(ErrorCode.DROP_IN_BLOCKED);
        }
        return dropIn;
    }

    /**
     * Blocks a drop-in's return code (and return key): the person can no longer reach the
     * conversation, and their open connections are cut off (they are removed from it). The
     * conversation stays for the care team. {@code return_code_unknown} or
     * {@code conversation_not_found} if it names nothing of the tenant's.
     */
    public DropIn block(String tenantId, String returnCode, String conversationId) {
        if ((returnCode == null) == (conversationId == null)) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "Give 'returnCode' or 'conversationId'.");
        }
        Optional<DropIn> found = returnCode != null
                ? ReturnCodes.canonical(returnCode).flatMap(c -> store.byCodeHash(tenantId, codes.codeHash(tenantId, c)))
                : store.byConversation(tenantId, conversationId);
        DropIn dropIn = found.orElseThrow(() -> returnCode != null ? new SamtalException(ErrorCode.RETURN_CODE_UNKNOWN)
                : new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND, "No drop-in conversation has that id."));
        store.block(tenantId, dropIn.conversationId(), now());
        care.get(tenantId, dropIn.conversationId()).allMembers().stream()
                .filter(m -> m.ref().equals(dropIn.personRef()) && m.isCurrent()).findFirst()
                .ifPresent(m -> care.removeMember(tenantId, dropIn.conversationId(), m.id()));
        log.atInfo().setMessage("Drop-in return code blocked").addKeyValue("tenant", tenantId)
                .addKeyValue("conversation", dropIn.conversationId()).log();
        return store.byConversation(tenantId, dropIn.conversationId()).orElse(dropIn);
    }

    /** The tenant's entry's open drop-ins, oldest first (at most {@code limit}); {@code not_found} for another tenant's entry. */
    public java.util.List<DropIn> open(String tenantId, String entryId, int limit) {
        Door door = doors.get(entryId);
        if (door == null || !door.tenant().id().equals(tenantId)) {
            throw new SamtalException(ErrorCode.NOT_FOUND, "The tenant has no drop-in entry with that id.");
        }
        return store.open(tenantId, entryId, limit);
    }

    /** The tenant's doors (drop-in entries). */
    public java.util.List<Door> doorsOf(String tenantId) {
        return doors.values().stream().filter(d -> d.tenant().id().equals(tenantId))
                .sorted(java.util.Comparator.comparing(d -> d.entry().id())).toList();
    }

    /** The store, for the care team's inbox (claims and visit offers). */
    public DropInStore store() {
        return store;
    }

    /** The drop-in behind a conversation of the tenant's, if it is one. */
    public Optional<DropIn> find(String tenantId, String conversationId) {
        return store.byConversation(tenantId, conversationId);
    }

    /**
     * Deletes every drop-in conversation closed longer ago than its tenant's
     * {@code dropIn.retentionDays} (one on legal hold stays, and is looked at again next time).
     *
     * @return how many were deleted, by tenant
     */
    public Map<String, Integer> purgeClosed() {
        var result = new LinkedHashMap<String, Integer>();
        for (Tenant tenant : tenants.all()) {
            String tenantId = tenant.id();
            Instant cutoff = clock.instant().minus(Duration.ofDays(tenant.dropIn().retentionDays()));
            int deleted = 0;
            for (DropIn d : store.closedBefore(tenantId, cutoff, PURGE_ROUND)) {
                try {
                    care.delete(tenantId, d.conversationId());
                    deleted++;
                } catch (SamtalException e) {
                    if (e.code() == ErrorCode.CONVERSATION_NOT_FOUND) {
                        store.delete(tenantId, d.conversationId()); // gone already (the chat retention took it)
                    } else if (e.code() != ErrorCode.CONFLICT) { // conflict: on legal hold, kept
                        throw e;
                    }
                }
            }
            if (deleted > 0) {
                purged.labelValues(tenantId).inc(deleted);
                log.atInfo().setMessage("Drop-in retention").addKeyValue("tenant", tenantId).addKeyValue("conversations", deleted)
                        .addKeyValue("cutoff", cutoff).log();
            }
            result.put(tenantId, deleted);
        }
        return result;
    }

    private static ConversationSettings settings(TenantDropInConfig.Entry entry) {
        return new ConversationSettings(entry.replyWithin(), entry.staffedHours());
    }

    private void count(String tenantId, String outcome) {
        outcomes.labelValues(tenantId, outcome).inc();
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }

    /** Allowances counted by {@code limiter} (one per entry and kind), as the composition root builds them. */
    public static Allowances allowances(Function<TenantDropInConfig.Entry, ToLongFunction<String>> perAddress,
                                        Function<TenantDropInConfig.Entry, ToLongFunction<String>> perEntry) {
        return new Allowances() {
            @Override
            public long perAddress(TenantDropInConfig.Entry entry, String key) {
                return perAddress.apply(entry).applyAsLong(key);
            }

            @Override
            public long perEntry(TenantDropInConfig.Entry entry, String key) {
                return perEntry.apply(entry).applyAsLong(key);
            }
        };
    }
}
