package se.samtal.server.audit;

import com.nimbusds.jwt.JWTParser;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;
import se.samtal.audit.Subject;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.ErrorCode;
import se.samtal.server.auth.ConversationGrant;
import se.samtal.server.auth.HelloGrant;
import se.samtal.server.auth.JoinGrant;
import se.samtal.signalling.visit.Principal;
import se.samtal.server.auth.TokenClaims;
import se.samtal.signalling.visit.Booking;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.id.OpaqueIds;
import se.samtal.signalling.live.LiveSession;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;

import java.text.ParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * The audit events of the WebSocket side of sessions: joining (and being refused), opening a
 * care conversation with its link, and what people do in a session (hosts letting in, turning
 * away, sending back, ending; later consent and recording). All are queued, never awaited: the
 * acts happen on event loops or have been answered already.
 */
public final class VisitAudit {
    private final AuditTrail trail;
    private final PatientLookup lookup;
    private final Tenants tenants;
    private final TokensConfig tokens;

    public VisitAudit(AuditTrail trail, PatientLookup lookup, Tenants tenants, TokensConfig tokens) {
        this.trail = trail;
        this.lookup = lookup;
        this.tenants = tenants;
        this.tokens = tokens;
    }

    /** Someone joined a session (or came back with a resume token). Off the event loop. */
    public void joined(JoinGrant grant, Booking booking, String participantId, String request) {
        Principal who = grant.principal();
        trail.queue(sessionEvent(who, booking, AuditAction.SESSION_JOINED, request)
                .detail("participant", participantId).detail("resume", grant.isResume()).build());
    }

    /** A member opened a care conversation with its link. Off the event loop (reads the members). */
    public void conversationEntered(ConversationGrant grant, String memberId, String request) {
        Principal who = grant.principal();
        trail.queue(trail.event(who.tenantId(), AuditFacts.actor(who), AuditAction.CONVERSATION_ENTERED)
                .object(AuditObject.conversation(grant.conversationId()))
                .patients(lookup.conversation(who.tenantId(), grant.conversationId()).patients()).patients(AuditFacts.ifPatient(who))
                .request(request).detail("member", memberId).detail("resume", grant.isResume()).build());
    }

    /**
     * A hello was refused. Without a verified token it is a failed authentication, put in the
     * log of the tenant the token claims (unverified), or the unattributed chain: see
     * {@link #authFailed}, whose entry goes through the failed-authentication limits first. With
     * one, the person's join was refused, in their tenant's log. Off the event loop.
     */
    public void helloRefused(ClientMessage.Hello hello, HelloGrant verified, ErrorCode code, String request) {
        AuditEvent.Builder event = switch (verified) {
            case null -> failedAuthentication(claimedTenant(hello).orElse(AuditTrail.UNATTRIBUTED), hello, null);
            case JoinGrant grant -> trail.event(grant.principal().tenantId(), AuditFacts.actor(grant.principal()),
                            AuditAction.SESSION_JOINED)
                    .object(AuditObject.session(grant.sessionId()))
                    .patients(lookup.session(grant.principal().tenantId(), grant.sessionId()))
                    .patients(AuditFacts.ifPatient(grant.principal()));
            case ConversationGrant grant -> trail.event(grant.principal().tenantId(), AuditFacts.actor(grant.principal()),
                            AuditAction.CONVERSATION_ENTERED)
                    .object(AuditObject.conversation(grant.conversationId()))
                    .patients(lookup.conversation(grant.principal().tenantId(), grant.conversationId()).patients())
                    .patients(AuditFacts.ifPatient(grant.principal()));
        };
        trail.queue(event.refused(code.wire()).request(request).build());
    }

    /**
     * The entry of a hello whose token did not verify (or could not be read: {@code hello} is then
     * null), filed under {@code chain}, with the class of the address it came from. Not queued:
     * the caller hands it to the failed-authentication limits, which record it or count it.
     */
    public AuditEvent authFailed(String chain, ClientMessage.Hello hello, ErrorCode code, String request, String addressClass) {
        return failedAuthentication(chain, hello, addressClass).refused(code.wire()).request(request).build();
    }

    private AuditEvent.Builder failedAuthentication(String chain, ClientMessage.Hello hello, String addressClass) {
        String token = hello == null ? "unreadable" : hello.resume() != null ? "resume" : hello.token() != null ? "link" : "none";
        return trail.event(chain, Actor.anonymous(), AuditAction.AUTH_FAILED).detail("via", "hello").detail("token", token)
                .detail("addressClass", addressClass);
    }

    /**
     * A host let someone in, turned them away or sent them back ({@code refused}: the code it was
     * refused with, or null). Only authorization refusals are recorded; a refusal for another
     * reason (bad input, the person had left) changes nothing. Never blocks.
     */
    public void hostAct(Principal host, Booking booking, LiveSession session, AuditAction action, String targetId,
                        ErrorCode refused, String request) {
        Subject subject = session.presence().stream().filter(e -> e.participantId().equals(targetId)).findFirst()
                .map(e -> AuditFacts.subject(e.ref(), e.role())).orElse(null);
        var detail = OpaqueIds.isPlausible(targetId) ? Map.of("participant", targetId) : Map.<String, Object>of();
        sessionAct(host, booking, action, subject, refused, request, detail);
    }

    /**
     * Any act of a person in a session: one call records it (the recording flow's consent
     * given, refused or withdrawn and recording started or stopped go through here too). The
     * subject, if a patient, is concerned as well. Never blocks.
     *
     * @param refused the code the act was refused with, or null if it happened
     */
    public void sessionAct(Principal actor, Booking booking, AuditAction action, Subject subject, ErrorCode refused,
                           String request, Map<String, ?> detail) {
        if (refused != null && !AuditFacts.isAuthorizationRefusal(refused)) {
            return;
        }
        var event = sessionEvent(actor, booking, action, request).subject(subject).details(detail);
        if (subject != null && "patient".equals(subject.role())) {
            event.patients(List.of(subject.ref()));
        }
        if (refused != null) {
            event.refused(refused.wire());
        }
        trail.queue(event.build());
    }

    private AuditEvent.Builder sessionEvent(Principal who, Booking booking, AuditAction action, String request) {
        var patients = new TreeSet<>(AuditFacts.patients(booking));
        patients.addAll(AuditFacts.ifPatient(who));
        return trail.event(who.tenantId(), AuditFacts.actor(who), action).object(AuditObject.session(booking.id()))
                .patients(patients).request(request);
    }

    /**
     * The tenant a hello's token says it is for, unverified; only to file a failed attempt in that
     * tenant's log and count it against that tenant's allowance of failures.
     */
    public Optional<String> claimedTenant(ClientMessage.Hello hello) {
        String token = hello.token() != null ? hello.token() : hello.resume();
        if (token == null || token.length() > 8192) {
            return Optional.empty();
        }
        try {
            var claims = JWTParser.parse(token).getJWTClaimsSet();
            Optional<Tenant> tenant = tokens.issuer().equals(claims.getIssuer())
                    ? tenants.byId(claims.getStringClaim(TokenClaims.TENANT))
                    : tenants.byIssuer(claims.getIssuer());
            return tenant.map(Tenant::id);
        } catch (ParseException | RuntimeException e) {
            return Optional.empty();
        }
    }
}
