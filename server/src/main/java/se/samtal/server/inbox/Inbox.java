package se.samtal.server.inbox;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditObject;
import se.samtal.chat.CareConversations;
import se.samtal.chat.ChatActor;
import se.samtal.chat.ChatService;
import se.samtal.chat.conversation.ClosingCode;
import se.samtal.chat.conversation.Conversation;
import se.samtal.chat.conversation.Member;
import se.samtal.chat.conversation.NewMember;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.SessionKind;
import se.samtal.server.audit.AuditTrail;
import se.samtal.server.audit.PatientLookup;
import se.samtal.server.auth.StaffTokens.Staff;
import se.samtal.server.auth.TokenMinter;
import se.samtal.server.booking.BookingService;
import se.samtal.server.booking.NewBooking;
import se.samtal.server.dropin.DropIn;
import se.samtal.server.dropin.DropIns;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.signalling.visit.ExpectedParticipant;
import se.samtal.signalling.visit.Principal;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionException;

/**
 * The care team's inbox: for one member of a tenant's care team (their inbox token), the care
 * conversations they are a member of, with unread counts and how long the oldest unanswered
 * message has waited, and the queue of open drop-in conversations of the entries they serve.
 * They claim a drop-in (it becomes theirs, and colleagues see it is taken), open a conversation
 * to answer it, close it with a closing code, hand it over (to a colleague, or back to the
 * queue), and offer the person of a drop-in a video visit. Blocks on stores: off event loops.
 */
public final class Inbox {
    private static final Logger log = LoggerFactory.getLogger(Inbox.class);
    /** Conversations an inbox lists at most; the queue at most as many per entry. */
    public static final int MAX_LISTED = 200;
    /** How long a link to open a conversation from the inbox lasts (reconnects use resume tokens). */
    public static final Duration OPEN_TTL = Duration.ofMinutes(10);
    /** An offered video visit is booked from now for this long. */
    public static final Duration VISIT_LENGTH = Duration.ofMinutes(60);

    private final Tenants tenants;
    private final CareConversations care;
    private final ChatService chat;
    private final DropIns dropIns;
    private final BookingService bookings;
    private final TokenMinter minter;
    private final PatientLookup patients;
    private final AuditTrail trail;
    private final InboxSightings sightings;
    private final Clock clock;

    public Inbox(Tenants tenants, CareConversations care, ChatService chat, DropIns dropIns, BookingService bookings,
                 TokenMinter minter, PatientLookup patients, AuditTrail trail, InboxSightings sightings, Clock clock) {
        this.sightings = sightings;
        this.tenants = tenants;
        this.care = care;
        this.chat = chat;
        this.dropIns = dropIns;
        this.bookings = bookings;
        this.minter = minter;
        this.patients = patients;
        this.trail = trail;
        this.clock = clock;
    }

    /** One conversation of theirs: its summary, and the drop-in behind it if it is one. */
    public record Mine(CareConversations.Summary summary, DropIn dropIn) {
    }

    /** One drop-in waiting (or taken) in an entry's queue. */
    public record Waiting(DropIn dropIn, String entryTitle, Instant lastActivityAt) {
    }

    /** What the inbox shows now. */
    public record Overview(Staff you, List<Mine> mine, List<Waiting> queue, List<ClosingCode> closingCodes, Instant now) {
    }

    /** What the inbox shows now; asking also counts the staff member as online (their inbox is open). */
    public Overview overview(Staff staff) {
        Tenant tenant = tenant(staff);
        sightings.seen(tenant.id(), staff.ref(), staff.entries(), clock.instant());
        var mine = new ArrayList<Mine>();
        for (var summary : care.summariesFor(tenant.id(), staff.ref(), MAX_LISTED)) {
            mine.add(new Mine(summary, dropIns.find(tenant.id(), summary.state().conversation().id()).orElse(null)));
        }
        var queue = new ArrayList<Waiting>();
        for (var door : dropIns.doorsOf(tenant.id())) {
            if (!staff.entries().isEmpty() && !staff.entries().contains(door.entry().id())) {
                continue;
            }
            for (DropIn d : dropIns.open(tenant.id(), door.entry().id(), MAX_LISTED)) {
                if (!d.isBlocked()) {
                    queue.add(new Waiting(d, door.entry().title().sv(), d.createdAt()));
                }
            }
        }
        queue.sort(java.util.Comparator.comparing(Waiting::lastActivityAt));
        return new Overview(staff, mine, queue, chat.policy(tenant.id()).closingCodes(), clock.instant());
    }

    /**
     * Takes a drop-in from the queue: the staff member becomes its member (a therapist) and its
     * claimant; colleagues see it as taken. Claiming one's own claim again changes nothing;
     * another's is {@code conflict}.
     */
    public DropIn claim(Staff staff, String conversationId, String requestId) {
        Tenant tenant = tenant(staff);
        DropIn dropIn = servedDropIn(staff, conversationId);
        if (!staff.ref().equals(dropIn.claimedBy())) {
            dropIn = dropIns.store().moveClaim(tenant.id(), conversationId, null, staff.ref(), staff.name())
                    .orElseThrow(() -> new SamtalException(ErrorCode.CONFLICT, "A colleague has already taken this conversation."));
        }
        Member member = care.addMember(tenant.id(), conversationId, new NewMember(staff.ref(), Role.THERAPIST, staff.name()));
        queued(staff, AuditAction.CONVERSATION_MEMBER_ADDED, conversationId, requestId, "claimed");
        log.atInfo().setMessage("Drop-in claimed").addKeyValue("tenant", tenant.id()).addKeyValue("conversation", conversationId)
                .addKeyValue("member", member.id()).log();
        return dropIn;
    }

    /** A link for the staff member to open one of their conversations in the inbox. */
    public TokenMinter.Minted open(Staff staff, String conversationId, String requestId) {
        Member you = membership(staff, conversationId);
        queued(staff, AuditAction.LINK_MINTED, conversationId, requestId, null);
        return minter.conversationToken(new Principal(staff.tenantId(), you.ref(), Role.THERAPIST, you.name()), conversationId,
                OPEN_TTL);
    }

    /** Closes one of their conversations with a closing code of the tenant's (or none). */
    public Conversation close(Staff staff, String conversationId, String closingCode, String requestId) {
        membership(staff, conversationId);
        Conversation closed = care.close(staff.tenantId(), conversationId, closingCode);
        queued(staff, AuditAction.CONVERSATION_CHANGED, conversationId, requestId, "closed");
        return closed;
    }

    /**
     * Hands one of their conversations over: to the colleague {@code toRef} (who becomes a member,
     * and the claimant of a drop-in), or, without one, a drop-in back to the queue. Either way the
     * staff member leaves the conversation.
     */
    public void handOver(Staff staff, String conversationId, String toRef, String toName, String requestId) {
        Member you = membership(staff, conversationId);
        String tenantId = staff.tenantId();
        Optional<DropIn> dropIn = dropIns.find(tenantId, conversationId);
        if (toRef == null && dropIn.isEmpty()) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "Name the colleague to hand it to ('toRef'); only a drop-in goes back to the queue.");
        }
        if (toRef != null && toRef.equals(staff.ref())) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "Hand it to someone else.");
        }
        if (dropIn.isPresent()) {
            String claimant = dropIn.get().claimedBy();
            dropIns.store().moveClaim(tenantId, conversationId, claimant, toRef, toName)
                    .orElseThrow(() -> new SamtalException(ErrorCode.CONFLICT, "The conversation changed hands meanwhile; look again."));
        }
        if (toRef != null) {
            care.addMember(tenantId, conversationId, new NewMember(toRef, Role.THERAPIST, toName));
        }
        care.removeMember(tenantId, conversationId, you.id());
        queued(staff, AuditAction.CONVERSATION_MEMBER_REMOVED, conversationId, requestId, toRef != null ? "handed_over" : "returned_to_queue");
        log.atInfo().setMessage("Conversation handed over").addKeyValue("tenant", tenantId).addKeyValue("conversation", conversationId)
                .addKeyValue("toQueue", toRef == null).log();
    }

    /** What offering a visit gives the staff member: their own join link to it. */
    public record Offer(String sessionId, TokenMinter.Minted link) {
    }

    /**
     * Offers the anonymous person of a drop-in a video visit: books one from now
     * (for {@link #VISIT_LENGTH}) with the staff member as therapist and the person (by their
     * pseudonymous ref) as patient, tells the person in the conversation (their page shows a
     * button to join), and gives the staff member their own link.
     */
    public Offer offerVisit(Staff staff, String conversationId, String requestId) {
        Member you = membership(staff, conversationId);
        Tenant tenant = tenant(staff);
        DropIn dropIn = dropIns.find(tenant.id(), conversationId)
                .orElseThrow(() -> new SamtalException(ErrorCode.CONFLICT, "Visits are offered in drop-in conversations; book others through the platform."));
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        var booking = bookings.create(tenant, new NewBooking(SessionKind.VIDEO, "Videobesök", now, now.plus(VISIT_LENGTH), null,
                List.of(new ExpectedParticipant(staff.ref(), Role.THERAPIST, you.name()),
                        new ExpectedParticipant(dropIn.personRef(), Role.PATIENT, null))));
        dropIns.store().offerVisit(tenant.id(), conversationId, booking.id());
        try {
            chat.send(new ChatActor(tenant.id(), you.ref(), Role.THERAPIST, you.name()), conversationId, "visit-" + booking.id(),
                    "Jag erbjuder dig ett videobesök nu. Tryck på knappen ”Gå till videobesöket”. / "
                            + "I am offering you a video visit now. Press the button “Go to the video visit”.", null).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : e;
        }
        trail.queue(trail.event(tenant.id(), Actor.person(staff.ref(), "therapist"), AuditAction.SESSION_BOOKED)
                .object(AuditObject.session(booking.id())).patients(List.of(dropIn.personRef())).request(requestId)
                .detail("via", "inbox").build());
        log.atInfo().setMessage("Visit offered").addKeyValue("tenant", tenant.id()).addKeyValue("conversation", conversationId)
                .addKeyValue("session", booking.id()).log();
        var link = minter.joinToken(new Principal(tenant.id(), staff.ref(), Role.THERAPIST, you.name()), booking.id(),
                VISIT_LENGTH.plusMinutes(30));
        return new Offer(booking.id(), link);
    }

    private DropIn servedDropIn(Staff staff, String conversationId) {
        DropIn dropIn = dropIns.find(staff.tenantId(), conversationId)
                .filter(d -> staff.entries().isEmpty() || staff.entries().contains(d.entryId()))
                .orElseThrow(() -> new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND, "No drop-in conversation of yours has that id."));
        if (dropIn.isBlocked()) {
            throw new SamtalException(ErrorCode.CONFLICT, "Its return code is blocked.");
        }
        if (!dropIn.isOpen()) {
            throw new SamtalException(ErrorCode.CONVERSATION_CLOSED);
        }
        return dropIn;
    }

    /** The staff member as a current member of the conversation, or {@code not_a_member}. */
    private Member membership(Staff staff, String conversationId) {
        var details = care.get(staff.tenantId(), conversationId);
        return details.state().members().stream().filter(m -> m.ref().equals(staff.ref()) && m.role() == Role.THERAPIST)
                .findFirst().orElseThrow(() -> new SamtalException(ErrorCode.NOT_A_MEMBER,
                        "You are not in this conversation's care team; claim it or ask to have it handed to you."));
    }

    private Tenant tenant(Staff staff) {
        return tenants.byId(staff.tenantId()).orElseThrow(() -> new SamtalException(ErrorCode.UNAUTHORIZED));
    }

    private se.samtal.audit.AuditEvent.Builder audit(Staff staff, AuditAction action, String conversationId, String requestId) {
        return trail.event(staff.tenantId(), Actor.person(staff.ref(), "therapist"), action)
                .object(AuditObject.conversation(conversationId)).request(requestId);
    }

    private void queued(Staff staff, AuditAction action, String conversationId, String requestId, String change) {
        var concerned = patients.conversation(staff.tenantId(), conversationId);
        trail.queue(audit(staff, action, conversationId, requestId).patients(concerned.patients()).detail("via", "inbox")
                .detail("change", change).build());
    }
}
