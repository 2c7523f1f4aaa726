package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.audit.AuditEvent;
import se.samtal.audit.AuditObject;
import se.samtal.audit.Outcome;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.server.audit.AuditTrail;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.id.OpaqueIds;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Set;

/**
 * One audit event for every platform API call, made when it is answered: the action its route
 * names (a call with a credential no tenant has is {@code auth.failed}; a route no action
 * describes is {@code api.called}), the caller's credential id, what the handler noted, the
 * outcome from the status and the error code, and the request id. Routes whose answer shows
 * patient data or grants access wait until the event is durable, and answer
 * {@code 503 unavailable} instead if it cannot be stored; the others (changes already made)
 * queue it.
 */
public final class ApiCallAudit {
    private record Route(String method, String template, AuditAction action, String change) {
    }

    private static final String S = "/api/v1/sessions";
    private static final String C = "/api/v1/conversations";
    private static final String A = "/api/v1/audit";
    private static final String R = "/api/v1/reports";
    private static final List<Route> ROUTES = List.of(
            new Route("POST", S, AuditAction.SESSION_BOOKED, null),
            new Route("GET", S, AuditAction.SESSION_LISTED, null),
            new Route("GET", S + "/{id}", AuditAction.SESSION_READ, null),
            new Route("POST", S + "/{id}/cancel", AuditAction.SESSION_CANCELLED, null),
            new Route("POST", S + "/{id}/links", AuditAction.LINK_MINTED, null),
            new Route("GET", S + "/{id}/record", AuditAction.SESSION_RECORD_READ, null),
            new Route("GET", R + "/visits", AuditAction.REPORT_READ, null),
            new Route("GET", R + "/conversations", AuditAction.REPORT_READ, null),
            new Route("POST", C, AuditAction.CONVERSATION_OPENED, null),
            new Route("GET", C, AuditAction.CONVERSATION_READ, null),
            new Route("GET", C + "/{id}", AuditAction.CONVERSATION_READ, null),
            new Route("DELETE", C + "/{id}", AuditAction.CONVERSATION_DELETED, null),
            new Route("POST", C + "/{id}/members", AuditAction.CONVERSATION_MEMBER_ADDED, null),
            new Route("DELETE", C + "/{id}/members/{memberId}", AuditAction.CONVERSATION_MEMBER_REMOVED, null),
            new Route("POST", C + "/{id}/close", AuditAction.CONVERSATION_CHANGED, "closed"),
            new Route("POST", C + "/{id}/reopen", AuditAction.CONVERSATION_CHANGED, "reopened"),
            new Route("PUT", C + "/{id}/settings", AuditAction.CONVERSATION_CHANGED, "settings"),
            new Route("PUT", C + "/{id}/legal-hold", AuditAction.CONVERSATION_CHANGED, "legal_hold_placed"),
            new Route("DELETE", C + "/{id}/legal-hold", AuditAction.CONVERSATION_CHANGED, "legal_hold_lifted"),
            new Route("POST", C + "/{id}/links", AuditAction.LINK_MINTED, null),
            new Route("GET", C + "/{id}/export", AuditAction.CONVERSATION_EXPORTED, null),
            new Route("POST", A + "/patient-log", AuditAction.AUDIT_READ, null),
            new Route("GET", A + "/sessions/{id}", AuditAction.AUDIT_READ, null),
            new Route("GET", A + "/conversations/{id}", AuditAction.AUDIT_READ, null),
            new Route("GET", A + "/verify", AuditAction.AUDIT_VERIFIED, null),
            new Route("POST", "/api/v1/drop-ins/block", AuditAction.CONVERSATION_CHANGED, "return_code_blocked"),
            new Route("GET", "/api/v1/drop-ins", AuditAction.CONVERSATION_READ, null),
            new Route("POST", "/api/v1/inbox/links", AuditAction.LINK_MINTED, null));

    private static final Set<String> RESOURCES = Set.of("sessions", "conversations", "audit", "reports", "drop-ins", "inbox");

    private final AuditTrail trail;
    private final ObjectMapper mapper;

    public ApiCallAudit(AuditTrail trail, ObjectMapper mapper) {
        this.trail = trail;
        this.mapper = mapper;
    }

    /** Records the call and returns its answer, or {@code 503 unavailable} if a disclosure could not be recorded. */
    HttpResult record(ApiRequest request, HttpResult result) {
        AuditEvent event = event(request, result);
        if (!event.action().disclosesData() || event.outcome() != Outcome.SUCCESS) {
            trail.queue(event);
            return result;
        }
        try {
            trail.beforeAnswer(event);
            return result;
        } catch (SamtalException e) {
            result.response().release();
            return new HttpResult(result.route(), HttpResponses.error(mapper, e.code(), e.getMessage()));
        }
    }

    /** The call's audit event, not yet recorded (a failed authentication goes through the failure limits first). */
    AuditEvent event(ApiRequest request, HttpResult result) {
        ApiAuditNote note = request.audit();
        int status = result.response().status().code();
        String method = request.method().name();
        Route route = ROUTES.stream().filter(r -> r.method().equals(method) && r.template().equals(result.route()))
                .findFirst().orElse(null);
        AuditAction action = status == 401 ? AuditAction.AUTH_FAILED : route != null ? route.action() : AuditAction.API_CALLED;
        Actor actor = note.caller() != null ? Actor.api(note.caller().credentialId()) : Actor.anonymous();
        String tenant = note.caller() != null ? note.caller().tenant().id() : AuditTrail.UNATTRIBUTED;
        Outcome outcome = status < 400 ? Outcome.SUCCESS : status >= 500 ? Outcome.FAILED : Outcome.REFUSED;
        AuditEvent event = trail.event(tenant, actor, action)
                .object(note.object() != null ? note.object() : objectInPath(request))
                .subject(note.subject()).patients(note.patients())
                .outcome(outcome, outcome == Outcome.SUCCESS ? null : errorCode(result.response()))
                .request(request.requestId())
                .detail("method", method).detail("route", routeOf(request, result)).detail("status", status)
                .detail("change", route != null ? route.change() : null)
                .detail("addressClass", action == AuditAction.AUTH_FAILED ? request.clientAddress().addressClass() : null)
                .details(note.detail()).build();
        return event;
    }

    /**
     * The route for the record: the handler's template; for a call refused before routing (no
     * valid key), the resource it was aimed at, in known words only.
     */
    private static String routeOf(ApiRequest request, HttpResult result) {
        var segments = request.segments();
        if (!result.route().endsWith("/unknown") || segments.size() < 3 || !RESOURCES.contains(segments.get(2))) {
            return result.route();
        }
        return "/api/v1/" + segments.get(2) + (segments.size() > 3 ? "/…" : "");
    }

    /** For a call refused before its handler noted anything: the session or conversation its path names. */
    private static AuditObject objectInPath(ApiRequest request) {
        var segments = request.segments();
        if (segments.size() < 4 || !OpaqueIds.isPlausible(segments.get(3))) {
            return null;
        }
        return switch (segments.get(2)) {
            case "sessions" -> AuditObject.session(segments.get(3));
            case "conversations" -> AuditObject.conversation(segments.get(3));
            default -> null;
        };
    }

    /** The stable code of an error answer (the API's own error body), as a vocabulary word. */
    private String errorCode(FullHttpResponse response) {
        try {
            var body = mapper.readTree(response.content().toString(StandardCharsets.UTF_8));
            var code = ErrorCode.fromWire(body.path("error").path("code").asText());
            if (code != null) {
                return code.wire();
            }
        } catch (IOException e) {
            // not our error body: fall through
        }
        return "http_" + response.status().code();
    }
}
