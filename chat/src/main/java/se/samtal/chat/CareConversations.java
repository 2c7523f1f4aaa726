package se.samtal.chat;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.chat.conversation.ClosingCode;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.ConversationKind;
import se.samtal.chat.conversation.ConversationSettings;
import se.samtal.chat.conversation.ConversationStatus;
import se.samtal.chat.conversation.LegalHold;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.conversation.NewCareConversation;
import se.samtal.chat.conversation.NewMember;
import se.samtal.chat.live.Audience;
import se.samtal.chat.live.ChatEvent;
import se.samtal.chat.live.ChatHub;
import se.samtal.chat.live.ConversationKey;
import se.samtal.chat.message.Message;
import se.samtal.chat.store.ConversationStore;
import se.samtal.chat.store.ChainCheck;
import se.samtal.chat.store.MessageStore;
import se.samtal.protocol.DisplayText;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * What the platform does with conversations through its API: open care conversations, manage
 * the care team, close and reopen them, set what patients are told to expect, put them on legal
 * hold, delete them, and export them for the journal. Members connected when something changes
 * are told at once; a removed member's connections stop receiving the conversation.
 * Blocks on the store: call it off the event loop.
 */
public final class CareConversations {
    private static final Logger log = LoggerFactory.getLogger(CareConversations.class);
    public static final int MAX_TITLE_LENGTH = 200;
    public static final int MAX_REF_LENGTH = 128;
    public static final int MAX_NAME_LENGTH = 100;
    /** Roles a care conversation can have: one patient, a care team, and people close to the patient. */
    public static final Set<Role> CARE_ROLES = Set.of(Role.PATIENT, Role.GUARDIAN, Role.RELATIVE, Role.INTERPRETER, Role.THERAPIST);
    private static final Pattern EXTERNAL_REF = Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

    private final ConversationStore conversations;
    private final MessageStore messages;
    private final ChatService chat;
    private final ChatHub hub;
    private final IdSource ids;
    private final Clock clock;

    public CareConversations(ConversationStore conversations, MessageStore messages, ChatService chat, ChatHub hub,
                             IdSource ids, Clock clock) {
        this.conversations = conversations;
        this.messages = messages;
        this.chat = chat;
        this.hub = hub;
        this.ids = ids;
        this.clock = clock;
    }

    /** A conversation for the platform: its state, every member (removed ones too) and each current member's unread count. */
    public record Details(ConversationState state, List<Member> allMembers, Map<String, Integer> unread) {
    }

    /**
     * One page of a conversation for the journal. {@code more}: call again after the last message's
     * seq. {@code chain}: the conversation's hash chain, recomputed over every stored message for
     * this page (not only the page's).
     */
    public record Export(Conversation conversation, List<Member> members, List<Message> messages, boolean more,
                         Instant exportedAt, ChainCheck chain) {
    }

    public Conversation create(String tenantId, NewCareConversation request) {
        String title = displayText(request.title(), MAX_TITLE_LENGTH, "title");
        if (request.externalRef() != null && !EXTERNAL_REF.matcher(request.externalRef()).matches()) {
            throw bad("'externalRef' must be 1–128 characters of A–Z, a–z, 0–9 and . _ : / -");
        }
        var newMembers = request.members() == null ? List.<NewMember>of() : request.members();
        int max = chat.limits().maxMembers();
        if (newMembers.size() > max) {
            throw bad("At most " + max + " members.");
        }
        var refs = new HashSet<String>();
        for (int i = 0; i < newMembers.size(); i++) {
            checkMember(newMembers.get(i), "members[" + i + "]");
            if (!refs.add(newMembers.get(i).ref())) {
                throw bad("'members[" + i + "].ref' appears twice.");
            }
        }
        if (newMembers.stream().filter(m -> m.role() == Role.PATIENT).count() != 1) {
            throw bad("A care conversation has exactly one member with the role 'patient'.");
        }
        if (newMembers.stream().noneMatch(m -> m.role() == Role.THERAPIST)) {
            throw bad("A care conversation needs at least one member of the care team (role 'therapist').");
        }
        Instant now = now();
        var conversation = new Conversation(tenantId, ids.next("cv_"), ConversationKind.CARE, null, title,
                request.externalRef(), ConversationStatus.OPEN, request.settings(), 0, 0, null, now, now, null);
        var members = newMembers.stream()
                .map(m -> new Member(ids.next("m_"), m.ref(), m.role(), blankToNull(m.name()), 1, 0, 0, now, null))
                .toList();
        return conversations.createCare(conversation, members, chat.policy(tenantId).maxOpenConversations());
    }

    /**
     * Opens a conversation for someone who came through an anonymous door (drop-in): its only
     * member is that person, as the patient, under the pseudonymous {@code personRef}; the care
     * team joins it later ({@link #addMember}). Counts towards the tenant's open conversations.
     */
    public Conversation openAnonymous(String tenantId, String title, String personRef, ConversationSettings settings) {
        String checkedTitle = displayText(title, MAX_TITLE_LENGTH, "title");
        checkMember(new NewMember(personRef, Role.PATIENT, null), "person");
        Instant now = now();
        var conversation = new Conversation(tenantId, ids.next("cv_"), ConversationKind.CARE, null, checkedTitle, null,
                ConversationStatus.OPEN, settings, 0, 0, null, now, now, null);
        var person = new Member(ids.next("m_"), personRef, Role.PATIENT, null, 1, 0, 0, now, null);
        return conversations.createCare(conversation, List.of(person), chat.policy(tenantId).maxOpenConversations());
    }

    /** Messages looked at, from the newest back, to find what is still unanswered. */
    public static final int UNANSWERED_WINDOW = 100;

    /**
     * One of a care team member's conversations, as their inbox shows it.
     *
     * @param you                the member (the care team member)
     * @param unread             messages the member has not read
     * @param oldestUnansweredAt the oldest message written by someone outside the care team since the
     *                           team last wrote (within the newest {@value #UNANSWERED_WINDOW}); null if none
     */
    public record Summary(ConversationState state, Member you, int unread, Instant oldestUnansweredAt) {
    }

    /** The care conversations {@code ref} is a current member of, most recently active first, at most {@code limit}. */
    public List<Summary> summariesFor(String tenantId, String ref, int limit) {
        var result = new java.util.ArrayList<Summary>();
        for (Conversation c : conversations.conversationsOf(tenantId, ref, limit)) {
            var all = conversations.members(tenantId, c.id());
            var you = all.stream().filter(m -> m.ref().equals(ref) && m.isCurrent()).findFirst();
            if (you.isEmpty()) {
                continue; // removed meanwhile
            }
            int unread = messages.unread(tenantId, c.id()).getOrDefault(you.get().id(), 0);
            long from = Math.max(c.purgedThroughSeq(), c.lastSeq() - UNANSWERED_WINDOW);
            Instant oldest = null;
            var tail = messages.export(tenantId, c.id(), from, UNANSWERED_WINDOW);
            for (int i = tail.size() - 1; i >= 0 && tail.get(i).senderRole() != Role.THERAPIST; i--) {
                oldest = tail.get(i).sentAt();
            }
            result.add(new Summary(chat.state(c, all), you.get(), unread, oldest));
        }
        return result;
    }

    public Details get(String tenantId, String conversationId) {
        Conversation conversation = find(tenantId, conversationId);
        var all = conversations.members(tenantId, conversationId);
        return new Details(chat.state(conversation, all), all, messages.unread(tenantId, conversationId));
    }

    /** The chat of a session, if anyone has written in it or opened it. */
    public Optional<Conversation> findBySession(String tenantId, String sessionId) {
        return conversations.findBySession(tenantId, sessionId);
    }

    public Member addMember(String tenantId, String conversationId, NewMember request) {
        checkMember(request, "body");
        requireCare(find(tenantId, conversationId));
        var candidate = new Member(ids.next("m_"), request.ref(), request.role(), blankToNull(request.name()), 1, 0, 0,
                now(), null);
        Member member = conversations.addMember(tenantId, conversationId, candidate, chat.limits().maxMembers());
        announce(tenantId, conversationId);
        return member;
    }

    /** Removes a member: from now on they can read and write nothing, and their connections are told so. */
    public void removeMember(String tenantId, String conversationId, String memberId) {
        requireCare(find(tenantId, conversationId));
        Member member = conversations.members(tenantId, conversationId).stream()
                .filter(m -> m.id().equals(memberId) && m.isCurrent()).findFirst()
                .orElseThrow(() -> new SamtalException(ErrorCode.NOT_FOUND, "No such member."));
        conversations.removeMember(tenantId, conversationId, memberId, now());
        hub.revoke(new ConversationKey(tenantId, conversationId), member.ref(), "removed");
        announce(tenantId, conversationId);
    }

    /** Closes (nothing new can be written; still readable and exportable) or reopens a care conversation. */
    public Conversation setStatus(String tenantId, String conversationId, ConversationStatus status) {
        return status == ConversationStatus.CLOSED ? close(tenantId, conversationId, null) : reopen(tenantId, conversationId);
    }

    /**
     * Closes a care conversation (nothing new can be written; it can still be read and exported)
     * with a closing code of its tenant's, or none ({@code null}). Closing a closed conversation
     * again changes its code (and nothing else); an unknown code is {@code bad_request}.
     */
    public Conversation close(String tenantId, String conversationId, String closingCode) {
        if (closingCode != null && chat.policy(tenantId).closingCode(closingCode).isEmpty()) {
            var known = chat.policy(tenantId).closingCodes().stream().map(ClosingCode::code).toList();
            throw bad(known.isEmpty() ? "This care provider has no closing codes: close without 'closingCode'."
                    : "'closingCode' must be one of " + String.join(", ", known) + ".");
        }
        requireCare(find(tenantId, conversationId));
        Instant now = now();
        var before = new Conversation[1];
        var closed = change(tenantId, conversationId, c -> {
            before[0] = c;
            return c.closed(now, closingCode);
        });
        if (before[0].status() != ConversationStatus.CLOSED || !java.util.Objects.equals(before[0].closingCode(), closingCode)) {
            chat.observer().conversationClosed(closed);
        }
        return closed;
    }

    /** Opens a closed care conversation again (its closing code goes); reopening an open one changes nothing. */
    public Conversation reopen(String tenantId, String conversationId) {
        requireCare(find(tenantId, conversationId));
        Instant now = now();
        var wasClosed = new boolean[1];
        var open = change(tenantId, conversationId, c -> {
            wasClosed[0] = c.status() == ConversationStatus.CLOSED;
            return c.withStatus(ConversationStatus.OPEN, now);
        });
        if (wasClosed[0]) {
            chat.observer().conversationReopened(open);
        }
        return open;
    }

    /** Replaces what the conversation says for itself about reply time and staffed hours (null: the tenant's). */
    public Conversation setSettings(String tenantId, String conversationId, ConversationSettings settings) {
        requireCare(find(tenantId, conversationId));
        return change(tenantId, conversationId, c -> c.withSettings(settings));
    }

    /** Puts the conversation on legal hold (or updates the reason): it is not purged or deleted until released. */
    public Conversation hold(String tenantId, String conversationId, String reason) {
        String note = text(reason, LegalHold.MAX_REASON_LENGTH, "reason");
        Instant now = now();
        return changeHold(tenantId, conversationId, c -> new LegalHold(c.isOnHold() ? c.legalHold().since() : now, note));
    }

    public Conversation release(String tenantId, String conversationId) {
        return changeHold(tenantId, conversationId, c -> null);
    }

    private Conversation changeHold(String tenantId, String conversationId, java.util.function.Function<Conversation, LegalHold> hold) {
        var changed = conversations.update(tenantId, conversationId, c -> c.withLegalHold(hold.apply(c)))
                .orElseThrow(() -> new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND));
        log.atInfo().setMessage(changed.isOnHold() ? "Legal hold set" : "Legal hold released").addKeyValue("tenant", tenantId)
                .addKeyValue("conversation", conversationId).log();
        return changed;
    }

    /** Deletes a conversation and everything in it now (refused while on legal hold). */
    public void delete(String tenantId, String conversationId) {
        if (!conversations.delete(tenantId, conversationId)) {
            throw new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND);
        }
        hub.revoke(new ConversationKey(tenantId, conversationId), null, "deleted");
        chat.observer().conversationDeleted(tenantId, conversationId);
    }

    /** Messages after {@code afterSeq} (at most {@code limit}, default and most {@code maxExportMessages}). */
    /**
     * @param pins links of the conversation's chain kept elsewhere (the audit trail's), by message
     *             number: the export's check compares them too (read only where the store keeps a chain)
     */
    public Export export(String tenantId, String conversationId, long afterSeq, Integer limit,
                         Supplier<Map<Long, String>> pins) {
        int max = chat.limits().maxExportMessages();
        int size = limit == null ? max : limit;
        if (size < 1 || size > max) {
            throw bad("'limit' must be between 1 and " + max + ".");
        }
        if (afterSeq < 0) {
            throw bad("'afterSeq' must not be negative.");
        }
        Conversation conversation = find(tenantId, conversationId);
        var members = conversations.members(tenantId, conversationId);
        var page = messages.export(tenantId, conversationId, afterSeq, size + 1);
        boolean more = page.size() > size;
        var chain = messages.verifyChain(tenantId, conversationId, pins);
        if (chain.status() == ChainCheck.Status.BROKEN) {
            log.atWarn().setMessage("A conversation's messages do not match their hash chain").addKeyValue("tenant", tenantId)
                    .addKeyValue("conversation", conversationId).addKeyValue("brokenAtSeq", chain.brokenAtSeq()).log();
        }
        return new Export(conversation, members, more ? page.subList(0, size) : page, more, clock.instant(), chain);
    }

    private Conversation change(String tenantId, String conversationId, UnaryOperator<Conversation> change) {
        var changed = conversations.update(tenantId, conversationId, change)
                .orElseThrow(() -> new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND));
        announce(tenantId, conversationId);
        return changed;
    }

    /** Tells everyone following the conversation how it looks now. */
    private void announce(String tenantId, String conversationId) {
        conversations.find(tenantId, conversationId).ifPresent(conversation -> {
            var state = chat.state(conversation, conversations.members(tenantId, conversationId));
            hub.publish(new ConversationKey(tenantId, conversationId), new ChatEvent.Updated(conversationId, state), Audience.EVERYONE);
        });
    }

    private Conversation find(String tenantId, String conversationId) {
        return conversations.find(tenantId, conversationId)
                .orElseThrow(() -> new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND));
    }

    private static void requireCare(Conversation conversation) {
        if (conversation.kind() != ConversationKind.CARE) {
            throw new SamtalException(ErrorCode.CONFLICT, "A session's chat follows the session: its members are the session's participants.");
        }
    }

    private static void checkMember(NewMember member, String at) {
        if (member == null || member.ref() == null || member.ref().isBlank() || member.ref().length() > MAX_REF_LENGTH
                || hasControl(member.ref())) {
            throw bad("'" + at + ".ref' is required: 1–" + MAX_REF_LENGTH + " characters, the platform's opaque person reference.");
        }
        if (member.role() == null || !CARE_ROLES.contains(member.role())) {
            throw bad("'" + at + ".role' must be patient, guardian, relative, interpreter or therapist.");
        }
        displayText(member.name(), MAX_NAME_LENGTH, at + ".name");
    }

    /** An optional text field: at most {@code max} characters, no control characters; blank counts as absent. */
    /** A name or title others are shown: also no bidirectional controls or invisible formatting ({@link DisplayText}). */
    private static String displayText(String value, int max, String field) {
        if (value != null && (value.length() > max || !DisplayText.isAcceptable(value))) {
            throw bad(DisplayText.rule(field, max));
        }
        return blankToNull(value);
    }

    private static String text(String value, int max, String field) {
        if (value != null && (value.length() > max || hasControl(value))) {
            throw bad("'" + field + "' must be at most " + max + " characters, without control characters.");
        }
        return blankToNull(value);
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(Character::isISOControl);
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private static SamtalException bad(String message) {
        return new SamtalException(ErrorCode.BAD_REQUEST, message);
    }

    private Instant now() {
        return clock.instant().truncatedTo(ChronoUnit.MILLIS);
    }
}
