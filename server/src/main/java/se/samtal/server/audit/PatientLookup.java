package se.samtal.server.audit;

import se.samtal.audit.AuditObject;
import se.samtal.chat.CareConversations;
import se.samtal.protocol.SamtalException;
import se.samtal.signalling.visit.Booking;
import se.samtal.server.booking.BookingStore;
import se.samtal.server.id.OpaqueIds;

import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * The patients of a session or conversation known only by id (refused joins, the platform's
 * calls, reads of their audit log). Reads the stores: call it off event loops. Nothing found is
 * no patients, never an error.
 */
public final class PatientLookup {
    private final BookingStore bookings;
    private final CareConversations conversations;

    public PatientLookup(BookingStore bookings, CareConversations conversations) {
        this.bookings = bookings;
        this.conversations = conversations;
    }

    /** What a call touched, for its audit event: the object and the patients it concerns. */
    public record Concerned(AuditObject object, Set<String> patients) {
    }

    public Optional<Booking> booking(String tenantId, String sessionId) {
        return OpaqueIds.isPlausible(sessionId) ? bookings.find(tenantId, sessionId) : Optional.empty();
    }

    public Set<String> session(String tenantId, String sessionId) {
        return booking(tenantId, sessionId).map(AuditFacts::patients).orElse(Set.of());
    }

    /**
     * A conversation (a session's chat as such, so it is in its session's log too) and its
     * patient members; for a session's chat also its session's booked patients.
     */
    public Concerned conversation(String tenantId, String conversationId) {
        if (!OpaqueIds.isPlausible(conversationId)) {
            return new Concerned(null, Set.of());
        }
        try {
            var details = conversations.get(tenantId, conversationId);
            var refs = new TreeSet<>(AuditFacts.patients(details.allMembers()));
            String sessionId = details.state().conversation().sessionId();
            if (sessionId == null) {
                return new Concerned(AuditObject.conversation(conversationId), refs);
            }
            refs.addAll(session(tenantId, sessionId));
            return new Concerned(AuditObject.sessionChat(conversationId, sessionId), refs);
        } catch (SamtalException notFound) {
            return new Concerned(AuditObject.conversation(conversationId), Set.of());
        }
    }
}
