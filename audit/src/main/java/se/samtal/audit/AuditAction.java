package se.samtal.audit;

import java.util.Arrays;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * What happened, as a stable word of the audit vocabulary. The {@link #wire() wire name} is what
 * entries, the JSON stream and the API carry; it never changes once shipped.
 *
 * <p>{@link #disclosesData()} marks actions whose answer shows patient data or grants access to
 * it: their record is made durable before the answer leaves (if it cannot be stored, the answer is
 * withheld). Other actions change something that has already happened by the time it is
 * recorded; their record is queued at once and durable within one group commit.
 */
public enum AuditAction {
    // Sessions (video visits)
    SESSION_BOOKED("session.booked", false),
    SESSION_READ("session.read", true),
    SESSION_LISTED("session.listed", true),
    /** A session's status changed by an act: ended by a host, or by its hard stop. */
    SESSION_CHANGED("session.changed", false),
    SESSION_CANCELLED("session.cancelled", false),
    LINK_MINTED("link.minted", true),
    /** The platform read a session's visit record. */
    SESSION_RECORD_READ("session.record_read", true),
    SESSION_JOINED("session.joined", false),
    SESSION_LEFT("session.left", false),
    PARTICIPANT_ADMITTED("participant.admitted", false),
    PARTICIPANT_DENIED("participant.denied", false),
    PARTICIPANT_SENT_BACK("participant.sent_back", false),

    // Conversations and chat
    CONVERSATION_OPENED("conversation.opened", false),
    CONVERSATION_ENTERED("conversation.entered", false),
    CONVERSATION_READ("conversation.read", true),
    CONVERSATION_CHANGED("conversation.changed", false),
    CONVERSATION_MEMBER_ADDED("conversation.member_added", false),
    CONVERSATION_MEMBER_REMOVED("conversation.member_removed", false),
    CONVERSATION_DELETED("conversation.deleted", false),
    CONVERSATION_EXPORTED("conversation.exported", true),
    CHAT_HISTORY_READ("chat.history_read", true),
    CHAT_MESSAGE_SENT("chat.message_sent", false),

    // Consent and recording (recorded by the recording flow)
    CONSENT_GIVEN("consent.given", false),
    CONSENT_REFUSED("consent.refused", false),
    CONSENT_WITHDRAWN("consent.withdrawn", false),
    RECORDING_STARTED("recording.started", false),
    RECORDING_STOPPED("recording.stopped", false),

    // Follow-up
    /** The platform read a report (figures of a tenant over a time window: no person in it). */
    REPORT_READ("report.read", true),

    // The platform API, authentication, the audit trail itself
    /** A platform API call that no other action describes (an unknown route, say). */
    API_CALLED("api.called", false),
    AUTH_FAILED("auth.failed", false),
    /**
     * Failed authentications after the first from one address within a window (or, beyond a
     * tenant's allowance, from anywhere), counted into one entry: how many, first and last time,
     * the address's class and network.
     */
    AUTH_FAILED_REPEATEDLY("auth.failed_repeatedly", false),
    AUDIT_READ("audit.read", true),
    AUDIT_VERIFIED("audit.verified", true),
    AUDIT_PURGED("audit.purged", false),
    /** Entries that samtal could not store before it had to give them up (see {@code GapRecord}). */
    AUDIT_GAP("audit.gap", false);

    private static final Map<String, AuditAction> BY_WIRE =
            Arrays.stream(values()).collect(Collectors.toUnmodifiableMap(AuditAction::wire, Function.identity()));

    private final String wire;
    private final boolean disclosesData;

    AuditAction(String wire, boolean disclosesData) {
        this.wire = wire;
        this.disclosesData = disclosesData;
    }

    public String wire() {
        return wire;
    }

    /** Whether the answer to this action shows patient data or grants access to it. */
    public boolean disclosesData() {
        return disclosesData;
    }

    public static Optional<AuditAction> fromWire(String wire) {
        return Optional.ofNullable(BY_WIRE.get(wire));
    }
}
