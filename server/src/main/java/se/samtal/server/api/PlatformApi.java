package se.samtal.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.netty.handler.codec.http.FullHttpResponse;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import se.samtal.audit.AuditObject;
import se.samtal.protocol.DisplayText;
import se.samtal.protocol.ErrorCode;
import se.samtal.protocol.SamtalException;
import se.samtal.protocol.WireCodec;
import se.samtal.recording.policy.GuardianClaims;
import se.samtal.server.audit.AuditFacts;
import se.samtal.server.audit.AuditTrail;
import se.samtal.signalling.visit.Principal;
import se.samtal.server.auth.TokenMinter;
import se.samtal.signalling.visit.Booking;
import se.samtal.server.booking.BookingService;
import se.samtal.server.booking.BookingStore;
import se.samtal.signalling.visit.ExpectedParticipant;
import se.samtal.server.booking.NewBooking;
import se.samtal.server.config.TokensConfig;
import se.samtal.server.http.HttpResponses;
import se.samtal.server.http.HttpResult;
import se.samtal.server.record.RecordBook;
import se.samtal.server.report.Reports;
import se.samtal.signalling.live.LiveSessions;
import se.samtal.server.tenant.ApiCaller;
import se.samtal.server.tenant.Tenant;
import se.samtal.server.tenant.Tenants;
import se.samtal.server.throttle.FailedAuthentications;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The platform API under {@code /api/v1}: book, read, list and cancel sessions, and mint join
 * links, read a session's visit record ({@link RecordApi}); {@code /api/v1/conversations} goes to
 * {@link ConversationApi}, {@code /api/v1/audit} to {@link AuditApi}, {@code /api/v1/reports} to
 * {@link ReportApi}, {@code /api/v1/drop-ins} to {@link DropInApi}, {@code /api/v1/inbox} to {@link InboxApi}. Every call is authenticated with one of the tenant's API keys and sees only that
 * tenant's sessions: another tenant's session id answers 404, as if it did not exist. Every
 * call leaves one audit event ({@link ApiCallAudit}). Blocking (it reads and writes the store):
 * runs off the event loop.
 */
public final class PlatformApi {
    private static final Logger log = LoggerFactory.getLogger(PlatformApi.class);
    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 500;

    private final Tenants tenants;
    private final BookingService bookings;
    private final LiveSessions liveSessions;
    private final TokenMinter minter;
    private final TokensConfig tokens;
    private final Supplier<String> publicUrl;
    private final ConversationApi conversations;
    private final AuditApi auditApi;
    private final ApiCallAudit audit;
    private final RecordApi records;
    private final ReportApi reports;
    private final ObjectMapper mapper;
    private final ApiBodies bodies = new ApiBodies();
    private final FailedAuthentications failures;
    private final DropInApi dropIns;
    private final InboxApi inbox;

    public PlatformApi(Tenants tenants, BookingService bookings, LiveSessions liveSessions, TokenMinter minter,
                       TokensConfig tokens, Supplier<String> publicUrl, ConversationApi conversations, AuditApi auditApi,
                       ApiCallAudit audit, FailedAuthentications failures, RecordBook records, Reports reports,
                       se.samtal.server.dropin.DropIns dropIns, se.samtal.server.auth.StaffTokens staffTokens) {
        this.dropIns = new DropInApi(dropIns);
        this.inbox = new InboxApi(staffTokens, tokens, publicUrl);
        this.failures = failures;
        this.tenants = tenants;
        this.bookings = bookings;
        this.liveSessions = liveSessions;
        this.minter = minter;
        this.tokens = tokens;
        this.publicUrl = publicUrl;
        this.conversations = conversations;
        this.auditApi = auditApi;
        this.audit = audit;
        this.records = new RecordApi(records);
        this.reports = new ReportApi(reports);
        this.mapper = WireCodec.newMapper();
    }

    /**
     * Answers a call and records its audit event (an answer that must not leave unrecorded becomes
     * 503). A call without a valid key is a failed authentication: from an address that has used
     * up its allowance of them it is refused before its key is looked at, and over an allowance it
     * is answered {@code 429 rate_limited} instead of 401; its audit entry is recorded or
     * summarised ({@link FailedAuthentications}).
     */
    public HttpResult handle(ApiRequest request) {
        var attempt = new FailedAuthentications.Attempt(request.clientAddress(), AuditTrail.UNATTRIBUTED,
                FailedAuthentications.Via.API);
        try {
            failures.beforeCheck(attempt);
        } catch (SamtalException e) {
            return new HttpResult("/api/v1/unknown", HttpResponses.error(mapper, e.code(), e.getMessage(), e.retryAfterMs()));
        }
        HttpResult result = route(request);
        if (result.response().status().code() != 401) {
            return audit.record(request, result);
        }
        HttpResult refused = result;
        long wait = failures.failed(attempt, () -> audit.event(request, refused));
        if (wait == 0) {
            return result;
        }
        result.response().release();
        return new HttpResult(result.route(), HttpResponses.error(mapper, ErrorCode.RATE_LIMITED,
                FailedAuthentications.rateLimited(wait).getMessage(), wait));
    }

    private HttpResult route(ApiRequest request) {
        String route = "/api/v1/unknown";
        try {
            var segments = request.segments(); // api, v1, ...
            boolean conversation = segments.size() >= 3 && segments.get(2).equals("conversations");
            boolean auditLog = segments.size() >= 3 && segments.get(2).equals("audit");
            boolean report = segments.size() >= 3 && segments.get(2).equals("reports");
            boolean dropIn = segments.size() >= 3 && segments.get(2).equals("drop-ins");
            boolean inboxLink = segments.size() >= 3 && segments.get(2).equals("inbox");
            if (segments.size() < 3
                    || !(segments.get(2).equals("sessions") || conversation || auditLog || report || dropIn || inboxLink)) {
                return new HttpResult(route, error(ErrorCode.NOT_FOUND, "No such API resource."));
            }
            ApiCaller caller = authenticate(request);
            request.audit().caller(caller);
            if (conversation) {
                return conversations.handle(caller, request);
            }
            if (auditLog) {
                return auditApi.handle(caller, request);
            }
            if (report) {
                return reports.handle(caller, request);
            }
            if (dropIn) {
                return dropIns.handle(caller, request);
            }
            if (inboxLink) {
                return inbox.handle(caller, request);
            }
            Tenant tenant = caller.tenant();
            if (segments.size() == 3) {
                route = "/api/v1/sessions";
                return new HttpResult(route, switch (method(request, HttpMethod.POST, HttpMethod.GET)) {
                    case "POST" -> create(tenant, request);
                    default -> list(tenant, request);
                });
            }
            String id = segments.get(3);
            if (segments.size() == 4) {
                route = "/api/v1/sessions/{id}";
                method(request, HttpMethod.GET);
                return new HttpResult(route, HttpResponses.json(mapper, HttpResponseStatus.OK, view(noted(request,
                        bookings.get(tenant, id)))));
            }
            if (segments.size() == 5 && segments.get(4).equals("cancel")) {
                route = "/api/v1/sessions/{id}/cancel";
                method(request, HttpMethod.POST);
                return new HttpResult(route, cancel(tenant, id, request));
            }
            if (segments.size() == 5 && segments.get(4).equals("record")) {
                route = "/api/v1/sessions/{id}/record";
                method(request, HttpMethod.GET);
                return new HttpResult(route, records.read(tenant, noted(request, bookings.get(tenant, id)), request));
            }
            if (segments.size() == 5 && segments.get(4).equals("links")) {
                route = "/api/v1/sessions/{id}/links";
                method(request, HttpMethod.POST);
                return new HttpResult(route, mintLink(tenant, id, request));
            }
            return new HttpResult(route, error(ErrorCode.NOT_FOUND, "No such API resource."));
        } catch (SamtalException e) {
            var response = error(e.code(), e.getMessage());
            if (e.code() == ErrorCode.UNAUTHORIZED) {
                response.headers().set(HttpHeaderNames.WWW_AUTHENTICATE, "Bearer realm=\"samtal\"");
            }
            return new HttpResult(route, response);
        }
    }

    private ApiCaller authenticate(ApiRequest request) {
        String header = request.http().headers().get(HttpHeaderNames.AUTHORIZATION);
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            throw new SamtalException(ErrorCode.UNAUTHORIZED, "Send the tenant's API key as 'Authorization: Bearer <key>'.");
        }
        return tenants.byApiKey(header.substring(7).trim()).orElseThrow(() -> {
            log.atInfo().setMessage("API call with an unknown credential refused").addKeyValue("request", request.requestId()).log();
            return new SamtalException(ErrorCode.UNAUTHORIZED, "The API key is not valid.");
        });
    }

    private static String method(ApiRequest request, HttpMethod... allowed) {
        return request.requireMethod(allowed);
    }

    private FullHttpResponse create(Tenant tenant, ApiRequest request) {
        NewBooking body = body(request, NewBooking.class);
        Booking booking = noted(request, bookings.create(tenant, body));
        log.atInfo().setMessage("Session booked").addKeyValue("tenant", tenant.id()).addKeyValue("session", booking.id())
                .addKeyValue("kind", booking.kind().wire()).addKeyValue("request", request.requestId()).log();
        var response = HttpResponses.json(mapper, HttpResponseStatus.CREATED, view(booking));
        response.headers().set(HttpHeaderNames.LOCATION, "/api/v1/sessions/" + booking.id());
        return response;
    }

    private FullHttpResponse list(Tenant tenant, ApiRequest request) {
        Instant from = instantParam(request, "from");
        Instant to = instantParam(request, "to");
        int limit = DEFAULT_LIMIT;
        if (request.param("limit") != null) {
            try {
                limit = Integer.parseInt(request.param("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new SamtalException(ErrorCode.BAD_REQUEST, "'limit' must be between 1 and " + MAX_LIMIT + ".");
            }
        }
        BookingStore.Cursor after = decodeCursor(request.param("cursor"));
        List<Booking> page = bookings.list(tenant, from, to, limit + 1, after);
        var body = new LinkedHashMap<String, Object>();
        boolean more = page.size() > limit;
        List<Booking> items = more ? page.subList(0, limit) : page;
        items.forEach(booking -> request.audit().patients(AuditFacts.patients(booking)));
        request.audit().detail("count", items.size());
        body.put("items", items.stream().map(this::view).toList());
        if (more) {
            Booking last = items.get(items.size() - 1);
            body.put("nextCursor", encodeCursor(new BookingStore.Cursor(last.scheduledStart(), last.id())));
        }
        return HttpResponses.json(mapper, HttpResponseStatus.OK, body);
    }

    private FullHttpResponse cancel(Tenant tenant, String id, ApiRequest request) {
        var cancellation = bookings.cancel(tenant, id);
        noted(request, cancellation.booking());
        if (cancellation.changed()) {
            liveSessions.ended(cancellation.booking(), "cancelled");
            log.atInfo().setMessage("Session cancelled").addKeyValue("tenant", tenant.id()).addKeyValue("session", id).log();
        }
        return HttpResponses.json(mapper, HttpResponseStatus.OK, view(cancellation.booking()));
    }

    /** The body of {@code POST /sessions/{id}/links}. */
    record LinkRequest(String ref, se.samtal.protocol.Role role, String name, Long ttlSeconds,
                       Boolean guardianConsentRequired, Integer age) {
    }

    private FullHttpResponse mintLink(Tenant tenant, String id, ApiRequest request) {
        LinkRequest body = body(request, LinkRequest.class);
        Booking booking = noted(request, bookings.get(tenant, id));
        switch (booking.status()) {
            case CANCELLED -> throw new SamtalException(ErrorCode.SESSION_CANCELLED);
            case ENDED -> throw new SamtalException(ErrorCode.SESSION_ENDED);
            default -> {
            }
        }
        if (body.ref() == null || body.ref().isBlank() || body.ref().length() > 128 || body.ref().chars().anyMatch(Character::isISOControl)) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'ref' is required: the platform's opaque reference for the person.");
        }
        var expected = booking.participants().stream().filter(p -> p.ref().equals(body.ref())).findFirst();
        var role = body.role() != null ? body.role() : expected.map(ExpectedParticipant::role).orElse(null);
        if (role == null) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'role' is required for someone not among the session's expected participants.");
        }
        String name = body.name() != null ? body.name() : expected.map(ExpectedParticipant::name).orElse(null);
        if (name != null && (name.length() > 100 || !DisplayText.isAcceptable(name))) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, DisplayText.rule("name", 100));
        }
        Duration ttl = LinkLifetime.of(body.ttlSeconds(), tokens.linkTtl(), tenant);
        request.audit().subject(body.ref(), role).detail("role", role.wire());
        if (body.age() != null && (body.age() < 0 || body.age() > 150)) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'age' must be a whole number from 0 to 150.");
        }
        var guardian = new GuardianClaims(body.guardianConsentRequired(), body.age());
        var minted = minter.joinToken(new Principal(tenant.id(), body.ref(), role, name, guardian), booking.id(), ttl);
        var result = new LinkedHashMap<String, Object>();
        result.put("url", publicUrl.get() + "/join#" + minted.token());
        result.put("token", minted.token());
        result.put("expiresAt", minted.expiresAt());
        result.put("sessionId", booking.id());
        result.put("ref", body.ref());
        result.put("role", role);
        log.atInfo().setMessage("Join link minted").addKeyValue("tenant", tenant.id()).addKeyValue("session", booking.id())
                .addKeyValue("role", role.wire()).addKeyValue("request", request.requestId()).log();
        return HttpResponses.json(mapper, HttpResponseStatus.CREATED, result);
    }

    /** Notes the session a call touches, and its patients, for the call's audit event. */
    private static Booking noted(ApiRequest request, Booking booking) {
        request.audit().object(AuditObject.session(booking.id())).patients(AuditFacts.patients(booking));
        return booking;
    }

    private <T> T body(ApiRequest request, Class<T> type) {
        return bodies.read(request, type);
    }

    private static Instant instantParam(ApiRequest request, String name) {
        String value = request.param(name);
        if (value == null) {
            return null;
        }
        try {
            return Instant.parse(value);
        } catch (DateTimeParseException e) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'" + name + "' must be an ISO-8601 instant such as 2026-11-23T09:00:00Z.");
        }
    }

    private static String encodeCursor(BookingStore.Cursor cursor) {
        String raw = cursor.scheduledStart().toEpochMilli() + ":" + cursor.id();
        return Base64.getUrlEncoder().withoutPadding().encodeToString(raw.getBytes(StandardCharsets.UTF_8));
    }

    private static BookingStore.Cursor decodeCursor(String cursor) {
        if (cursor == null) {
            return null;
        }
        try {
            String raw = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
            int colon = raw.indexOf(':');
            return new BookingStore.Cursor(Instant.ofEpochMilli(Long.parseLong(raw.substring(0, colon))), raw.substring(colon + 1));
        } catch (RuntimeException e) {
            throw new SamtalException(ErrorCode.BAD_REQUEST, "'cursor' is not one this API returned.");
        }
    }

    private Map<String, Object> view(Booking booking) {
        var v = new LinkedHashMap<String, Object>();
        v.put("id", booking.id());
        v.put("kind", booking.kind());
        v.put("title", booking.title());
        v.put("status", booking.status());
        v.put("scheduledStart", booking.scheduledStart());
        v.put("scheduledEnd", booking.scheduledEnd());
        v.put("externalRef", booking.externalRef());
        v.put("participants", booking.participants());
        v.put("createdAt", booking.createdAt());
        v.put("endedAt", booking.endedAt());
        v.put("endReason", booking.endReason());
        liveSessions.presence(booking.tenantId(), booking.id())
                .ifPresent(entries -> v.put("live", Map.of("participants", entries)));
        v.values().removeIf(java.util.Objects::isNull);
        return v;
    }

    private FullHttpResponse error(ErrorCode code, String message) {
        return HttpResponses.error(mapper, code, message);
    }
}
