package se.samtal.server.gateway;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.protocol.ClientMessage;
import se.samtal.protocol.CloseCodes;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.ProtocolException;
import se.samtal.protocol.SamtalException;
import se.samtal.server.audit.AuditFacts;
import se.samtal.server.audit.AuditTrail;
import se.samtal.server.audit.VisitAudit;
import se.samtal.server.auth.ConversationGrant;
import se.samtal.server.auth.HelloGrant;
import se.samtal.server.auth.JoinGrant;
import se.samtal.server.auth.TokenVerifier;
import se.samtal.server.metrics.SamtalMetrics;
import se.samtal.server.throttle.FailedAuthentications;

import java.util.concurrent.Executor;

/**
 * Answers {@code hello}: verifies the token, joins the session (or opens the care conversation
 * the token names) and lets the join queue the welcome. Any failure is answered with its error
 * and the connection is closed with {@link CloseCodes#JOIN_REFUSED}. Runs off the event loop
 * (token keys may be fetched, the booking is read from the store). Every hello leaves an audit
 * event: the join, or the refusal (a failed authentication if the token did not verify).
 */
final class HelloHandler {
    private static final Logger log = LoggerFactory.getLogger(HelloHandler.class);

    private final TokenVerifier verifier;
    private final SessionDoor sessions;
    private final ConversationDoor conversations;
    private final SamtalMetrics metrics;
    private final VisitAudit audit;
    private final Executor blocking;
    private final FailedAuthentications failures;

    HelloHandler(TokenVerifier verifier, SessionDoor sessions, ConversationDoor conversations, SamtalMetrics metrics,
                 VisitAudit audit, Executor blocking, FailedAuthentications failures) {
        this.failures = failures;
        this.verifier = verifier;
        this.sessions = sessions;
        this.conversations = conversations;
        this.metrics = metrics;
        this.audit = audit;
        this.blocking = blocking;
    }

    void handle(RequestContext ctx, ClientMessage.Hello hello) {
        Connection connection = ctx.connection();
        String auditRequest = AuditFacts.webSocketRequest(connection.connectionId(), ctx.requestId());
        blocking.execute(() -> {
            var attempt = new FailedAuthentications.Attempt(connection.clientAddress(),
                    audit.claimedTenant(hello).orElse(AuditTrail.UNATTRIBUTED), FailedAuthentications.Via.HELLO);
            HelloGrant verified = null;
            try {
                failures.beforeCheck(attempt);
            } catch (SamtalException e) {
                refuse(ctx, e, e.code());
                return;
            }
            try {
                verified = verify(hello);
                if (verified instanceof ConversationGrant grant) {
                    openConversation(ctx, grant, auditRequest);
                    return;
                }
                JoinGrant grant = (JoinGrant) verified;
                Seat seat = sessions.enter(grant, connection, ctx.requestId(), hello.lastSeq(), connection::bind);
                ctx.answeredElsewhere();
                audit.joined(grant, seat.booking(), seat.participantId(), auditRequest);
                metrics.joined(grant.principal().tenantId(), grant.principal().role().wire());
                log.atInfo().setMessage("Joined").addKeyValue("tenant", grant.principal().tenantId())
                        .addKeyValue("session", seat.session().sessionId())
                        .addKeyValue("participant", seat.participantId())
                        .addKeyValue("role", grant.principal().role().wire())
                        .addKeyValue("resume", grant.isResume())
                        .addKeyValue("connection", connection.connectionId()).log();
                if (!connection.channel().isActive()) {
                    // The socket closed while we were joining; the close handler saw no binding yet.
                    seat.session().linkLost();
                }
            } catch (RuntimeException e) {
                ErrorCode code = e instanceof SamtalException se ? se.code() : ErrorCode.INTERNAL_ERROR;
                RuntimeException answer = e;
                if (verified == null) {
                    // No valid credential: a failed authentication, recorded or summarised, and
                    // answered rate_limited once an allowance is used up.
                    long wait = failures.failed(attempt, () -> audit.authFailed(attempt.chain(), hello, code, auditRequest,
                            attempt.address().addressClass()));
                    if (wait > 0) {
                        answer = FailedAuthentications.rateLimited(wait);
                    }
                } else {
                    audit.helloRefused(hello, verified, code, auditRequest);
                }
                refuse(ctx, answer, code);
            }
        });
    }

    /**
     * A first frame of type {@code hello} that could not be read (a token that is an object or a
     * list, a field of the wrong type): refused like any hello with a token that does not verify,
     * and counted as a failed authentication of nobody's tenant.
     */
    void refuseUnreadable(RequestContext ctx, ProtocolException unreadable) {
        Connection connection = ctx.connection();
        String auditRequest = AuditFacts.webSocketRequest(connection.connectionId(), ctx.requestId());
        blocking.execute(() -> {
            var attempt = new FailedAuthentications.Attempt(connection.clientAddress(), AuditTrail.UNATTRIBUTED,
                    FailedAuthentications.Via.HELLO);
            try {
                failures.beforeCheck(attempt);
            } catch (SamtalException e) {
                refuse(ctx, e, e.code());
                return;
            }
            long wait = failures.failed(attempt, () -> audit.authFailed(attempt.chain(), null, unreadable.code(), auditRequest,
                    attempt.address().addressClass()));
            RuntimeException answer = wait > 0 ? FailedAuthentications.rateLimited(wait)
                    : new SamtalException(unreadable.code(), unreadable.getMessage());
            refuse(ctx, answer, unreadable.code());
        });
    }

    private void refuse(RequestContext ctx, RuntimeException answer, ErrorCode code) {
        Connection connection = ctx.connection();
        ctx.fail(answer);
        ErrorCode answered = answer instanceof SamtalException se ? se.code() : ErrorCode.INTERNAL_ERROR;
        log.atInfo().setMessage("Hello refused").addKeyValue("code", answered.wire()).addKeyValue("cause", code.wire())
                .addKeyValue("connection", connection.connectionId()).log();
        connection.close(CloseCodes.JOIN_REFUSED, answered.wire());
    }

    private void openConversation(RequestContext ctx, ConversationGrant grant, String auditRequest) {
        Connection connection = ctx.connection();
        String memberId = conversations.open(grant, connection, ctx.requestId(), connection::bind);
        ctx.answeredElsewhere();
        audit.conversationEntered(grant, memberId, auditRequest);
        metrics.joined(grant.principal().tenantId(), grant.principal().role().wire());
        log.atInfo().setMessage("Opened conversation").addKeyValue("tenant", grant.principal().tenantId())
                .addKeyValue("conversation", grant.conversationId()).addKeyValue("member", memberId)
                .addKeyValue("role", grant.principal().role().wire()).addKeyValue("resume", grant.isResume())
                .addKeyValue("connection", connection.connectionId()).log();
    }

    private HelloGrant verify(ClientMessage.Hello hello) {
        boolean hasToken = hello.token() != null;
        boolean hasResume = hello.resume() != null;
        if (hasToken == hasResume) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "hello needs either 'token' or 'resume'.");
        }
        if (hello.lastSeq() != null && hello.lastSeq() < 0) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'lastSeq' must not be negative.");
        }
        return hasToken ? verifier.verifyLink(hello.token()) : verifier.verifyAnyResume(hello.resume());
    }
}
