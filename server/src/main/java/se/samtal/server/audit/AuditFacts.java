package se.samtal.server.audit;

import se.samtal.audit.Actor;
import se.samtal.audit.Subject;
import se.samtal.chat.conversation.Member;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.signalling.visit.Principal;
import se.samtal.signalling.visit.Booking;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.tenant.ApiCaller;

import java.util.Collection;
import java.util.Set;
import java.util.TreeSet;

/**
 * What an audit event says about samtal's things: who acted, who was acted on, and which
 * patients an event concerns. The rules for "patients concerned" (docs/architecture.md):
 * <ul>
 *   <li>a session: the people the booking expects with the role {@code patient};</li>
 *   <li>a conversation: its members with the role {@code patient} (a session's chat: also its
 *       session's booked patients);</li>
 *   <li>and always the acting person and the person acted on, if their role is {@code patient}.</li>
 * </ul>
 */
public final class AuditFacts {
    /** Refusals that are authorization decisions, and so are audited; other typed errors change nothing and are not. */
    private static final Set<ErrorCode> AUTHORIZATION = Set.of(ErrorCode.FORBIDDEN, ErrorCode.NOT_ADMITTED, ErrorCode.NOT_A_MEMBER);

    private AuditFacts() {
    }

    public static Actor actor(Principal principal) {
        return Actor.person(principal.ref(), principal.role().wire());
    }

    public static Actor actor(ApiCaller caller) {
        return Actor.api(caller.credentialId());
    }

    public static Subject subject(String ref, Role role) {
        return new Subject(ref, role == null ? null : role.wire());
    }

    /** The patients a booking expects. */
    public static Set<String> patients(Booking booking) {
        var refs = new TreeSet<String>();
        booking.participants().stream().filter(p -> p.role() == Role.PATIENT).forEach(p -> refs.add(p.ref()));
        return refs;
    }

    /** The patients among a conversation's members. */
    public static Set<String> patients(Collection<Member> members) {
        var refs = new TreeSet<String>();
        members.stream().filter(m -> m.role() == Role.PATIENT).forEach(m -> refs.add(m.ref()));
        return refs;
    }

    /** {@code ref} if the person is a patient, else nobody. */
    public static Set<String> ifPatient(String ref, Role role) {
        return role == Role.PATIENT ? Set.of(ref) : Set.of();
    }

    public static Set<String> ifPatient(Principal principal) {
        return ifPatient(principal.ref(), principal.role());
    }

    public static boolean isAuthorizationRefusal(ErrorCode code) {
        return AUTHORIZATION.contains(code);
    }

    /**
     * A WebSocket request's id for the trail: the connection's id and the client's request id
     * ({@code c_…/7}); the client's part only if it is a plain id, since clients choose it.
     */
    public static String webSocketRequest(String connectionId, String requestId) {
        return OpaqueIds.isPlausible(requestId) ? connectionId + "/" + requestId : connectionId;
    }
}
