package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpRequest;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import se.samtal.audit.Actor;
import se.samtal.audit.AuditAction;
import se.samtal.chat.conversation.ClosingCode;
import se.samtal.chat.conversation.Member;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.Role;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.server.audit.AuditTrail;
import se.samtal.server.auth.StaffTokens;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.id.OpaqueIds;
import se.samtal.server.inbox.Inbox;
import se.samtal.server.net.ClientAddress;
import se.samtal.server.throttle.FailedAuthentications;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The care-team inbox's calls, for the {@code /inbox} page: {@code GET /inbox/api/overview} and
 * {@code POST /inbox/api/conversations/{id}/claim|open|close|hand-over|offer-visit}, each with the
 * staff member's inbox token as {@code Authorization: Bearer}. A token that does not verify is
 * {@code 401 unauthorized} and counts as a failed login. Runs off the event loop.
 */
public final class InboxPages {
    private static final String BASE = "/inbox/api";
    private static final Set<String> ACTIONS = Set.of("claim", "open", "close", "hand-over", "offer-visit");

    private final Inbox inbox;
    private final StaffTokens tokens;
    private final FailedAuthentications failures;
    private final AuditTrail trail;
    private final Supplier<String> publicUrl;
    private final ObjectMapper mapper = WireCodec.newMapper();
    private final ApiBodies bodies = new ApiBodies();

    public InboxPages(Inbox inbox, StaffTokens tokens, FailedAuthentications failures, AuditTrail trail, Supplier<String> publicUrl) {
        this.inbox = inbox;
        this.tokens = tokens;
        this.failures = failures;
        this.trail = trail;
        this.publicUrl = publicUrl;
    }

    /** The body of {@code close}: optional. */
    record CloseBody(String closingCode) {
    }

    /** The body of {@code hand-over}: a colleague, or nothing (back to the queue). */
    record HandOverBody(String toRef, String toName) {
    }

    /** Answers {@code /inbox/api/...} ({@code segments}: inbox, api, ...). */
    public HttpResult handle(FullHttpRequest http, List<String> segments, String requestId, ClientAddress from) {
        var request = ApiRequest.of(http, requestId, from);
        String route = BASE + "/unknown";
        boolean overview = segments.size() == 3 && segments.get(2).equals("overview");
        boolean action = segments.size() == 5 && segments.get(2).equals("conversations") && ACTIONS.contains(segments.get(4));
        if (overview) {
            route = BASE + "/overview";
        } else if (action) {
            route = BASE + "/conversations/{id}/" + segments.get(4);
        } else {
            return new HttpResult(route, error(new SamtalException(ErrorCode.NOT_FOUND, "No such inbox call.")));
        }
        var attempt = new FailedAuthentications.Attempt(from, AuditTrail.UNATTRIBUTED, FailedAuthentications.Via.INBOX);
        StaffTokens.Staff staff;
        try {
            failures.beforeCheck(attempt);
            staff = tokens.verify(bearer(http));
        } catch (SamtalException e) {
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                long wait = failures.failed(attempt, () -> trail.event(AuditTrail.UNATTRIBUTED, Actor.anonymous(), AuditAction.AUTH_FAILED)
                        .request(requestId).refused(ErrorCode.UNAUTHORIZED.wire()).detail("via", "inbox")
                        .detail("addressClass", from.addressClass()).build());
                if (wait > 0) {
                    return new HttpResult(route, error(FailedAuthentications.rateLimited(wait)));
                }
            }
            return new HttpResult(route, error(e));
        }
        try {
            if (overview) {
                request.requireMethod(HttpMethod.GET);
                return new HttpResult(route, json(HttpResponseStatus.OK, overview(inbox.overview(staff))));
            }
            request.requireMethod(HttpMethod.POST);
            String id = segments.get(3);
            if (!OpaqueIds.isPlausible(id)) {
                throw new SamtalException(ErrorCode.CONVERSATION_NOT_FOUND);
            }
            Object body = switch (segments.get(4)) {
                case "claim" -> {
                    inbox.claim(staff, id, requestId);
                    yield Map.of("conversationId", id, "claimed", true);
                }
                case "open" -> {
                    var minted = inbox.open(staff, id, requestId);
                    yield Map.of("conversationId", id, "token", minted.token(), "expiresAt", minted.expiresAt());
                }
                case "close" -> {
                    String code = http.content().isReadable() ? bodies.read(request, CloseBody.class).closingCode() : null;
                    var closed = inbox.close(staff, id, code, requestId);
                    var map = new LinkedHashMap<String, Object>();
                    map.put("conversationId", id);
                    map.put("status", closed.status().name().toLowerCase(java.util.Locale.ROOT));
                    map.put("closingCode", closed.closingCode());
                    yield map;
                }
                case "hand-over" -> {
                    var to = http.content().isReadable() ? bodies.read(request, HandOverBody.class) : new HandOverBody(null, null);
                    inbox.handOver(staff, id, blankToNull(to.toRef()), blankToNull(to.toName()), requestId);
                    yield Map.of("conversationId", id, "handedOver", true);
                }
                default -> { // offer-visit
                    var offer = inbox.offerVisit(staff, id, requestId);
                    yield Map.of("conversationId", id, "sessionId", offer.sessionId(),
                            "url", publicUrl.get() + "/join#" + offer.link().token(), "expiresAt", offer.link().expiresAt());
                }
            };
            return new HttpResult(route, json(HttpResponseStatus.OK, body));
        } catch (SamtalException e) {
            return new HttpResult(route, error(e));
        }
    }

    private Map<String, Object> overview(Inbox.Overview o) {
        var body = new LinkedHashMap<String, Object>();
        body.put("you", Map.of("name", o.you().name() == null ? "" : o.you().name()));
        body.put("now", o.now());
        body.put("conversations", o.mine().stream().map(m -> {
            var s = m.summary();
            var c = s.state().conversation();
            var item = new LinkedHashMap<String, Object>();
            item.put("conversationId", c.id());
            item.put("title", c.title());
            item.put("status", c.status().name().toLowerCase(java.util.Locale.ROOT));
            item.put("closingCode", c.closingCode());
            item.put("unread", s.unread());
            item.put("oldestUnansweredAt", s.oldestUnansweredAt());
            item.put("lastActivityAt", c.lastActivityAt());
            item.put("dropIn", m.dropIn() != null);
            item.put("entry", m.dropIn() != null ? m.dropIn().entryId() : null);
            item.put("with", s.state().members().stream().filter(x -> !x.ref().equals(s.you().ref()))
                    .map(InboxPages::who).toList());
            return item;
        }).toList());
        body.put("queue", o.queue().stream().map(w -> {
            var item = new LinkedHashMap<String, Object>();
            item.put("conversationId", w.dropIn().conversationId());
            item.put("entry", w.dropIn().entryId());
            item.put("entryTitle", w.entryTitle());
            item.put("waitingSince", w.dropIn().createdAt());
            item.put("takenBy", w.dropIn().claimedBy() == null ? null : w.dropIn().claimedByName() == null ? "" : w.dropIn().claimedByName());
            item.put("takenByYou", o.you().ref().equals(w.dropIn().claimedBy()));
            return item;
        }).toList());
        body.put("closingCodes", o.closingCodes().stream().map(InboxPages::code).toList());
        return body;
    }

    private static Map<String, Object> who(Member member) {
        var map = new LinkedHashMap<String, Object>();
        map.put("role", member.role().wire());
        map.put("anonymous", member.role() == Role.PATIENT && member.ref().startsWith("anon_"));
        return map;
    }

    private static Map<String, Object> code(ClosingCode code) {
        return Map.of("code", code.code(), "label", code.label());
    }

    private static String bearer(FullHttpRequest http) {
        String header = http.headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new SamtalException(ErrorCode.UNAUTHORIZED, "Send the inbox token as 'Authorization: Bearer <token>'.");
        }
        return header.substring(7).trim();
    }

    private static String blankToNull(String s) {
        return s == null || s.isBlank() ? null : s.strip();
    }

    private FullHttpResponse json(HttpResponseStatus status, Object body) {
        var response = HttpResponses.json(mapper, status, body);
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }

    private FullHttpResponse error(SamtalException e) {
        var response = HttpResponses.error(mapper, e.code(), e.getMessage(), e.retryAfterMs());
        response.headers().set(HttpHeaderNames.CACHE_CONTROL, "no-store");
        return response;
    }
}
